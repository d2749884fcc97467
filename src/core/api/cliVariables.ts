/**
 * The environment variables CodeThreat's own tools read: a credential, the server it belongs to
 * and the organization, as sets that travel together. The first set of each generation is that
 * generation's CLI's own (what the terminal sets, what the classic CLI's config file holds).
 */
import type { ApiGeneration } from './tokenApi';

export interface CliVariableSet {
  generation: ApiGeneration;
  token: string;
  serverUrl: string;
  organization: string;
  /** An organization's id, where a tool reads one (the AppSec CLI's `CT_ORG_ID`): its slug is looked up. */
  organizationId?: string;
}

export const CLI_VARIABLE_SETS: readonly CliVariableSet[] = [
  // The classic CLI and the classic GitHub/GitLab plugins.
  { generation: 'classic', token: 'CODETHREAT_SECRET', serverUrl: 'CODETHREAT_APP_URL', organization: 'CODETHREAT_ORG' },
  { generation: 'classic', token: 'CT_TOKEN', serverUrl: 'CT_BASE_URL', organization: 'CT_ORGANIZATION' },
  // The AppSec platform CLI (its documented variables).
  { generation: 'appsec', token: 'CT_API_KEY', serverUrl: 'CT_SERVER_URL', organization: 'CT_ORG_SLUG', organizationId: 'CT_ORG_ID' },
  // The AppSec GitHub Action documents these as the names of the secrets that feed its inputs
  // api-key, server-url and organization-slug. That they travel together, as environment variables
  // of these names, is inferred from those documented secret names; nothing states it.
  { generation: 'appsec', token: 'CODETHREAT_API_KEY', serverUrl: 'CODETHREAT_SERVER_URL', organization: 'CODETHREAT_ORG_SLUG' },
];

/** The variables the generation's own CLI reads. */
export function cliVariablesOf(generation: ApiGeneration): CliVariableSet {
  return CLI_VARIABLE_SETS.find((set) => set.generation === generation) ?? CLI_VARIABLE_SETS[0];
}
