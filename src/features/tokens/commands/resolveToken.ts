/** The token a command acts on: a tree node, `{id}` (a keybinding, another extension), or a pick. */
import * as vscode from 'vscode';
import type { Container } from '../../../container';
import type { AccessToken } from '../../../core/api/accessToken';
import type { Connection } from '../../../core/connections/connection';
import { reportFailure } from '../../shared/commandSupport';
import type { TokenNode } from '../view/tokenTreeItem';
import { partialValueText, plainText } from '../../../core/util/untrustedText';

export type TokenTarget = TokenNode | { id: string; connectionId?: string };

type Deps = Pick<Container, 'lists' | 'prompter' | 'logger' | 'connections'>;

export function isTokenNode(target: unknown): target is TokenNode {
  const node = target as Partial<TokenNode> | undefined;
  return node?.type === 'token' && typeof node.connectionId === 'string' && typeof node.token?.id === 'string';
}

export async function resolveToken(deps: Deps, connection: Connection, target: TokenTarget | undefined, title: string): Promise<AccessToken | undefined> {
  const model = deps.lists.get(connection.id);
  if (model.status !== 'ready') {
    try {
      await model.refresh();
    } catch (error) {
      reportFailure(deps, vscode.l10n.t('Could not load the access tokens.'), error, connection);
      return undefined;
    }
  }
  // A node is looked up too: only what the server lists is acted on, never an object passed in.
  const id = isTokenNode(target) ? target.token.id : typeof target?.id === 'string' ? target.id : undefined;
  if (id !== undefined) {
    const token = model.find(id);
    if (!token) void deps.prompter.notify('error', vscode.l10n.t('There is no access token with the id "{0}".', plainText(id)));
    return token;
  }
  if (model.tokens.length === 0) {
    void deps.prompter.notify('info', vscode.l10n.t('There are no access tokens in this organization.'));
    return undefined;
  }
  return deps.prompter.pick(
    model.tokens.map((token) => ({ label: plainText(token.name), description: partialValueText(token.partialValue), value: token })),
    { title, placeholder: vscode.l10n.t('Which token?') },
  );
}
