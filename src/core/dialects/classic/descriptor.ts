/**
 * The classic CodeThreat API ("SAST Center", `{server}/api/…`): access tokens of a user, with
 * neither scopes nor expiry; sign-in with a username and password or a pasted token.
 */
import type { ClassicClient } from '../../api/classic/classicClient';
import { CLOUD_SERVER_URL } from '../../api/serverUrl';
import type { Dialect } from '../dialect';
import { CLASSIC_PROBE } from './probe';

export const classic: Dialect<'classic', ClassicClient> = {
  generation: 'classic',
  createClient(options) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ClassicClient } = require('../../api/classic/classicClient') as typeof import('../../api/classic/classicClient');
    return new ClassicClient(options);
  },
  probe: CLASSIC_PROBE,
  signInMethods: ['password', 'token'],
  keys: { scopes: false, expiry: false },
  credentialNoun: 'accessToken',
  cliVariables: [
    // The classic CLI (its config file holds the same names), then the classic GitHub/GitLab plugins.
    { token: 'CODETHREAT_SECRET', serverUrl: 'CODETHREAT_APP_URL', organization: 'CODETHREAT_ORG' },
    { token: 'CT_TOKEN', serverUrl: 'CT_BASE_URL', organization: 'CT_ORGANIZATION' },
  ],
  cloudServerUrl: CLOUD_SERVER_URL,
  // The names in the classic GitHub Action's README (the server and organization are not secret).
  // The classic action (`CodeThreat/codethreat-github-action`, used as `codethreat-scan-action`).
  ci: { secret: 'ACCESS_TOKEN', serverVariable: 'CT_SERVER', organizationVariable: 'ORGNAME', action: 'CodeThreat/codethreat-scan-action' },
};
