/**
 * The API this extension returns from `activate()`, version 2. Other extensions get it with
 *
 *   const api = await vscode.extensions.getExtension<CodeThreatAccessTokensApi>(
 *     'codethreat.codethreat-access-tokens')?.activate();
 *
 * and may copy this file for the types. It carries no credential: a token VALUE reaches another
 * extension only through the `codethreat` authentication provider,
 *
 *   const session = await vscode.authentication.getSession('codethreat', [], { createIfNone: true });
 *
 * where VS Code asks the user once per extension and lists the grant under Accounts → Manage
 * Trusted Extensions.
 *
 * Migrating from version 1: `getToken(connectionId)` is gone (its consent was per connection, so
 * one allowed extension let every other one through). Call `getSession` as above; to pick the
 * connection, pass `{ account: { id: connection.id, label: '' } }` in the options.
 */
export interface CodeThreatConnectionInfo {
  /** `serverUrl|organization`; also the account id of its authentication session. */
  id: string;
  serverUrl: string;
  organization: string;
  /** Set for username/password sign-ins. */
  username?: string;
  /** Whether an access token is saved in VS Code for this connection (a session exists). */
  hasSavedToken: boolean;
}

/** A subscription, as `vscode.Disposable`. */
export interface CodeThreatDisposable {
  dispose(): unknown;
}

export interface CodeThreatAccessTokensApi {
  readonly version: 2;
  /** Signed-in connections, most recent last. No secrets. */
  getConnections(): Promise<CodeThreatConnectionInfo[]>;
  /**
   * Fires with the connection id when its saved token is saved, replaced or removed, or the
   * connection signs in or out (any window).
   */
  onDidChangeToken(listener: (event: { connectionId: string }) => unknown): CodeThreatDisposable;
}
