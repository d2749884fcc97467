/**
 * The API this extension returns from `activate()`, version 1. Other extensions get it with
 *
 *   const api = await vscode.extensions.getExtension<CodeThreatAccessTokensApi>(
 *     'codethreat.codethreat-access-tokens')?.activate();
 *
 * and may copy this file for the types. Nothing here ever exposes a credential except
 * `getToken`, which asks the user once per window and connection before handing the saved token
 * out. The `codethreat` authentication provider (`vscode.authentication.getSession('codethreat',
 * [])`) is the alternative with VS Code's own per-extension consent and account menu.
 */
export interface CodeThreatConnectionInfo {
  /** `serverUrl|organization`. */
  id: string;
  serverUrl: string;
  organization: string;
  /** Set for username/password sign-ins. */
  username?: string;
  /** Whether an access token is saved in VS Code for this connection. */
  hasSavedToken: boolean;
}

/** A subscription, as `vscode.Disposable`. */
export interface CodeThreatDisposable {
  dispose(): unknown;
}

export interface CodeThreatAccessTokensApi {
  readonly version: 1;
  /** Signed-in connections, most recent last. No secrets. */
  getConnections(): Promise<CodeThreatConnectionInfo[]>;
  /**
   * The access token saved in VS Code for a connection (by id, or the most recent one when
   * omitted); undefined when none is saved or the user declines.
   */
  getToken(connectionId?: string): Promise<string | undefined>;
  /** Fires with the connection id when its saved token is saved, replaced or removed (any window). */
  onDidChangeToken(listener: (event: { connectionId: string }) => unknown): CodeThreatDisposable;
}
