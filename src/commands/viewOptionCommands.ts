/** Filter by name, sort, and "only stale tokens": the view title's display commands. */
import * as vscode from 'vscode';
import type { SortOrder } from '../views/tokenViewOptions';
import type { Services } from './services';

export async function filterTokens(services: Services, args?: { text?: string }): Promise<{ filter: string } | undefined> {
  const text =
    args?.text ??
    (await services.prompter.input({
      title: vscode.l10n.t('Filter access tokens'),
      prompt: vscode.l10n.t('Show tokens whose name contains (empty shows all)'),
      value: services.tree.options.filter,
    }));
  if (text === undefined) return undefined;
  services.tree.options.setFilter(text);
  return { filter: services.tree.options.filter };
}

export function clearFilter(services: Services): { filter: string } {
  services.tree.options.setFilter('');
  return { filter: '' };
}

export async function sortTokens(services: Services, args?: { by?: SortOrder }): Promise<{ sortBy: SortOrder } | undefined> {
  const current = services.tree.options.sortBy;
  const mark = (order: SortOrder) => (order === current ? vscode.l10n.t('current') : undefined);
  const by =
    args?.by ??
    (await services.prompter.pick<SortOrder>(
      [
        { label: vscode.l10n.t('Newest first'), description: mark('created'), value: 'created' },
        { label: vscode.l10n.t('Most recently used first'), description: mark('lastUsed'), value: 'lastUsed' },
        { label: vscode.l10n.t('By name'), description: mark('name'), value: 'name' },
      ],
      { title: vscode.l10n.t('Sort access tokens'), placeholder: vscode.l10n.t('How should the tokens be ordered?') },
    ));
  if (!by) return undefined;
  await services.tree.options.setSortBy(by);
  return { sortBy: by };
}

export function showStaleOnly(services: Services, staleOnly: boolean): { staleOnly: boolean } {
  services.tree.options.setStaleOnly(staleOnly);
  return { staleOnly };
}
