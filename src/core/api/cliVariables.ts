/**
 * The environment variables CodeThreat's own tools read: a credential, the server it belongs to
 * and the organization, as sets that travel together. Each dialect names its own (its
 * descriptor's `cliVariables`); the first set of each is that generation's CLI's own (what the
 * terminal sets, what the classic CLI's config file holds).
 */
import { dialectOf, DIALECTS } from '../dialects';
import type { CliVariableNames } from '../dialects/dialect';
import type { ApiGeneration } from './tokenApi';

export interface CliVariableSet extends CliVariableNames {
  generation: ApiGeneration;
}

export const CLI_VARIABLE_SETS: readonly CliVariableSet[] = DIALECTS.flatMap((dialect) => dialect.cliVariables.map((names) => ({ generation: dialect.generation, ...names })));

/** The variables the generation's own CLI reads (none named: a connection saved before there was a choice). */
export function cliVariablesOf(generation: ApiGeneration | undefined): CliVariableSet {
  const dialect = dialectOf(generation);
  return { generation: dialect.generation, ...dialect.cliVariables[0] };
}
