/**
 * The names CodeThreat's two GitHub Actions read, by API generation: the AppSec platform's action
 * (`CodeThreat/codethreat-appsec-github-action`) and the classic one
 * (`CodeThreat/codethreat-github-action`, used as `CodeThreat/codethreat-scan-action`). The only place these names are written down.
 */
import type { ApiGeneration } from '../api/tokenApi';

export interface CiSecretNames {
  /** The secret that holds the key. */
  secret: string;
  /** The Actions variable that holds the server address. */
  serverVariable: string;
  /** The Actions variable that holds the organization (its slug on the AppSec platform). */
  organizationVariable: string;
  /** `uses:` of the action, as its README shows it. */
  action: string;
}

const NAMES: Record<ApiGeneration, CiSecretNames> = {
  appsec: {
    secret: 'CODETHREAT_API_KEY',
    serverVariable: 'CODETHREAT_SERVER_URL',
    organizationVariable: 'CODETHREAT_ORG_SLUG',
    action: 'CodeThreat/codethreat-appsec-github-action',
  },
  classic: { secret: 'ACCESS_TOKEN', serverVariable: 'CT_SERVER', organizationVariable: 'ORGNAME', action: 'CodeThreat/codethreat-scan-action' },
};

export function ciSecretNames(generation: ApiGeneration | undefined): CiSecretNames {
  return NAMES[generation ?? 'classic'];
}
