/** Command ids, in one place: exactly the commands package.json contributes. */
export const COMMANDS = {
  signIn: 'codethreat.signIn',
  signOut: 'codethreat.signOut',
  refresh: 'codethreat.tokens.refresh',
  generate: 'codethreat.tokens.generate',
  delete: 'codethreat.tokens.delete',
  verify: 'codethreat.tokens.verify',
  rotate: 'codethreat.tokens.rotate',
  filter: 'codethreat.tokens.filter',
  clearFilter: 'codethreat.tokens.clearFilter',
  sort: 'codethreat.tokens.sort',
  showStaleOnly: 'codethreat.tokens.showStaleOnly',
  showAll: 'codethreat.tokens.showAll',
  importCredentials: 'codethreat.importCredentials',
  showLogs: 'codethreat.showLogs',
  showDetails: 'codethreat.tokens.showDetails',
  openTerminal: 'codethreat.openTerminal',
  generateForGitHubActions: 'codethreat.ci.generateForGitHubActions',
} as const;

/** VS Code's own command that reveals the Access Tokens view. */
export const FOCUS_TOKENS_VIEW = 'codethreat.tokens.focus';
