/** Command ids, in one place; a unit test checks them against package.json. */
export const COMMANDS = {
  signIn: 'codethreat.signIn',
  signOut: 'codethreat.signOut',
  refresh: 'codethreat.tokens.refresh',
  generate: 'codethreat.tokens.generate',
  delete: 'codethreat.tokens.delete',
  verify: 'codethreat.tokens.verify',
  importCredentials: 'codethreat.importCredentials',
  showLogs: 'codethreat.showLogs',
} as const;
