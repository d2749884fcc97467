/**
 * The AppSec platform (API v1, `{server}/api/v1/…`): API keys of an organization, with scopes and
 * an expiry date; sign-in with an API key.
 */
import type { AppsecClient } from '../../api/appsec/appsecClient';
import { APPSEC_CLOUD_SERVER_URL } from '../../api/serverUrl';
import type { Dialect } from '../dialect';
import { APPSEC_PROBE } from './probe';

export const appsec: Dialect<'appsec', AppsecClient> = {
  generation: 'appsec',
  createClient(options) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AppsecClient } = require('../../api/appsec/appsecClient') as typeof import('../../api/appsec/appsecClient');
    return new AppsecClient(options);
  },
  probe: APPSEC_PROBE,
  signInMethods: ['apiKey'],
  keys: { scopes: true, expiry: true },
  credentialNoun: 'apiKey',
  cliVariables: [
    // The AppSec platform CLI (its documented variables).
    { token: 'CT_API_KEY', serverUrl: 'CT_SERVER_URL', organization: 'CT_ORG_SLUG', organizationId: 'CT_ORG_ID' },
    // The AppSec GitHub Action documents these as the names of the secrets that feed its inputs
    // api-key, server-url and organization-slug. That they travel together, as environment variables
    // of these names, is inferred from those documented secret names; nothing states it.
    { token: 'CODETHREAT_API_KEY', serverUrl: 'CODETHREAT_SERVER_URL', organization: 'CODETHREAT_ORG_SLUG' },
  ],
  cloudServerUrl: APPSEC_CLOUD_SERVER_URL,
  // The names in the AppSec GitHub Action's README (the server and organization are not secret).
  ci: { secret: 'CODETHREAT_API_KEY', serverVariable: 'CODETHREAT_SERVER_URL', organizationVariable: 'CODETHREAT_ORG_SLUG', action: 'CodeThreat/codethreat-appsec-github-action' },
};
