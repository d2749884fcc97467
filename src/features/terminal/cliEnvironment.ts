/**
 * The environment variables CodeThreat's own command-line tools read, per API generation: the
 * classic CLI (`CODETHREAT_SECRET`, `CODETHREAT_APP_URL`, `CODETHREAT_ORG`) and the AppSec
 * platform's (`CT_API_KEY`, `CT_SERVER_URL`, `CT_ORG_SLUG`).
 */
import { cliVariablesOf } from '../../core/api/cliVariables';
import type { Connection } from '../../core/connections/connection';
import type { TerminalPurpose } from '../../core/tokens/tokenOperations';

export function cliVariables(connection: Connection): TerminalPurpose {
  const names = cliVariablesOf(connection.generation);
  return { kind: 'terminal', tokenVariable: names.token, serverVariable: names.serverUrl, organizationVariable: names.organization };
}

/** The terminal's environment: the token's value and where it is for. */
export function cliEnvironment(connection: Connection, purpose: TerminalPurpose, value: string): Record<string, string> {
  return {
    [purpose.tokenVariable]: value,
    [purpose.serverVariable]: connection.serverUrl,
    [purpose.organizationVariable]: connection.organization,
  };
}
