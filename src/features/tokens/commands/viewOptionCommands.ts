/** Filter by name, sort, and "only stale tokens": the view title's display commands. */
import * as vscode from 'vscode';
import type { Prompter } from '../../../platform/prompter';
import type { SortOrder, TokenViewOptions } from '../view/tokenViewOptions';

interface Deps {
  prompter: Prompter;
  options: TokenViewOptions;
}

export async function filterTokens(deps: Deps, args?: { text?: string }): Promise<{ filter: string } | undefined> {
  const text =
    args?.text ??
    (await deps.prompter.input({
      title: vscode.l10n.t('Filter access tokens'),
      prompt: vscode.l10n.t('Show tokens whose name contains (empty shows all)'),
      value: deps.options.filter,
    }));
  if (text === undefined) return undefined;
  deps.options.setFilter(text);
  return { filter: deps.options.filter };
}

export function clearFilter(deps: Deps): { filter: string } {
  deps.options.setFilter('');
  return { filter: '' };
}

export async function sortTokens(deps: Deps, args?: { by?: SortOrder }): Promise<{ sortBy: SortOrder } | undefined> {
  const current = deps.options.sortBy;
  const mark = (order: SortOrder) => (order === current ? vscode.l10n.t('current') : undefined);
  const by =
    args?.by ??
    (await deps.prompter.pick<SortOrder>(
      [
        { label: vscode.l10n.t('Newest first'), description: mark('created'), value: 'created' },
        { label: vscode.l10n.t('Most recently used first'), description: mark('lastUsed'), value: 'lastUsed' },
        { label: vscode.l10n.t('By name'), description: mark('name'), value: 'name' },
      ],
      { title: vscode.l10n.t('Sort access tokens'), placeholder: vscode.l10n.t('How should the tokens be ordered?') },
    ));
  if (!by) return undefined;
  await deps.options.setSortBy(by);
  return { sortBy: by };
}

export function showStaleOnly(deps: Deps, staleOnly: boolean): { staleOnly: boolean } {
  deps.options.setStaleOnly(staleOnly);
  return { staleOnly };
}
