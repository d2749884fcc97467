/**
 * How one access token looks in the tree: label, relative "last used" (and an API key's expiry),
 * Markdown tooltip, icon, and the label a screen reader reads, which says in words what the icon
 * shows.
 */
import * as vscode from 'vscode';
import type { AccessToken } from '../../../core/api/accessToken';
import type { Expiry } from '../../../core/tokens/expiry';
import type { CiSecretRecord } from '../../../core/ci/ciSecretRecords';
import { repositoryLabel } from '../../../core/ci/githubRepository';
import type { Staleness } from '../../../core/tokens/staleness';
import { DELETING_TOKEN_CONTEXT_VALUE, tokenContextValue } from './contextValues';
import { formatAbsoluteDate, formatRelativeDays, formatRelativeTime } from '../../../core/util/relativeTime';
import { markdownText, partialValueText, plainText, SENTENCE_LENGTH } from '../../../core/util/untrustedText';

export interface TokenNode {
  readonly type: 'token';
  readonly connectionId: string;
  readonly token: AccessToken;
}

/** With more than one connection, tokens are grouped under a node per connection. */
export interface ConnectionNode {
  readonly type: 'connection';
  readonly connectionId: string;
}

export type TreeNode = TokenNode | ConnectionNode;

/** A grant a key backs, as the view names it: the key's name and its VS Code account. */
export interface GrantNote {
  name: string;
  accountLabel: string;
}

export interface TokenItemState {
  isSaved: boolean;
  /** The grants (other extensions' sessions) this key backs. */
  grants?: readonly GrantNote[];
  isDeleting: boolean;
  staleness: Staleness;
  staleAfterDays: number;
  expiry: Expiry;
  now: Date;
  locale: string;
  /** The GitHub Actions secret that holds this key, when this extension put it there. */
  ciSecret?: CiSecretPlace;
}

/** Where a key lives in CI, as the view says it (metadata only). */
export interface CiSecretPlace {
  /** `owner/repo`. */
  repository: string;
  secretName: string;
  environment?: string;
  setAt: string;
}

export function ciSecretPlace(record: CiSecretRecord | undefined): CiSecretPlace | undefined {
  return record && { repository: repositoryLabel(record.repository), secretName: record.secretName, environment: record.environment, setAt: record.setAt };
}

/** "in GitHub Actions: owner/repo (SECRET)". */
function ciSecretText(place: CiSecretPlace): string {
  return place.environment
    ? vscode.l10n.t('in GitHub Actions: {0} ({1}, environment {2})', plainText(place.repository), plainText(place.secretName), plainText(place.environment))
    : vscode.l10n.t('in GitHub Actions: {0} ({1})', plainText(place.repository), plainText(place.secretName));
}

function lastUsedText(token: AccessToken, now: Date, locale: string): string {
  if (token.lastUsedAt === null) return vscode.l10n.t('never used');
  if (token.lastUsedAt === undefined) return vscode.l10n.t('last use unknown');
  return vscode.l10n.t('last used {0}', formatRelativeTime(token.lastUsedAt, now, locale));
}

/** "expires in 12 days" / "expired 3 days ago"; nothing for a token without an expiry. */
function expiryText(expiry: Expiry, now: Date, locale: string): string | undefined {
  if (expiry.kind === 'none') return undefined;
  const relative = formatRelativeDays(expiry.at, now, locale);
  return expiry.kind === 'expired' ? vscode.l10n.t('expired {0}', relative) : vscode.l10n.t('expires {0}', relative);
}

const ICONS = {
  deleting: new vscode.ThemeIcon('loading~spin'),
  expired: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  stale: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  saved: new vscode.ThemeIcon('lock'),
  token: new vscode.ThemeIcon('key'),
};

export function buildTokenTreeItem(node: TokenNode, state: TokenItemState): vscode.TreeItem {
  const { token } = node;
  const name = plainText(token.name);
  const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
  item.id = `${node.connectionId}/${token.id}`;
  if (state.isDeleting) {
    item.description = vscode.l10n.t('Deleting…');
    item.iconPath = ICONS.deleting;
    item.contextValue = DELETING_TOKEN_CONTEXT_VALUE;
    item.accessibilityInformation = { label: vscode.l10n.t('{0}, being deleted', name) };
    return item;
  }
  const { expiry, staleness } = state;
  const parts = [
    state.grants?.length ? vscode.l10n.t('for: {0}', state.grants.map((g) => plainText(g.name)).join(', ')) : undefined,
    lastUsedText(token, state.now, state.locale),
    expiryText(expiry, state.now, state.locale),
    state.isSaved ? vscode.l10n.t('saved in VS Code') : undefined,
    state.ciSecret ? ciSecretText(state.ciSecret) : undefined,
  ];
  item.description = parts.filter(Boolean).join(' · ');
  const warned = staleness.stale || expiry.kind === 'expiring';
  item.iconPath = expiry.kind === 'expired' ? ICONS.expired : warned ? ICONS.stale : state.isSaved ? ICONS.saved : ICONS.token;
  item.contextValue = tokenContextValue({ saved: state.isSaved, stale: staleness.stale, expiring: expiry.kind === 'expiring', expired: expiry.kind === 'expired' });
  const flags = [staleness.stale ? vscode.l10n.t('stale') : undefined, expiry.kind === 'expiring' ? vscode.l10n.t('expiring soon') : undefined];
  item.accessibilityInformation = { label: [name, item.description, ...flags].filter(Boolean).join(', ') };
  return item;
}

/** A date as the details show it: "Mar 3, 2026, 10:00 (3 days ago)"; null is never, undefined unknown. */
export function detailDate(date: Date | null | undefined, now: Date, locale: string): string {
  if (date === null) return vscode.l10n.t('Never');
  if (date === undefined) return vscode.l10n.t('Unknown');
  return `${formatAbsoluteDate(date, locale)} (${formatRelativeTime(date, now, locale)})`;
}

/** A note may hold data (a grant's account, a repository): `markdown` has it escaped, for the tooltip. */
export interface TokenNote {
  icon: 'lock' | 'warning' | 'error' | 'extensions' | 'github';
  text: string;
  markdown: string;
}

/**
 * The sentences below a token's details, with their icons: saved in VS Code, stale and why,
 * expired or expiring. The tooltip and the details dialog (showDetails) both say these.
 */
export function tokenNotes(
  state: Pick<TokenItemState, 'isSaved' | 'grants' | 'ciSecret' | 'staleness' | 'staleAfterDays' | 'expiry' | 'now' | 'locale'>,
): TokenNote[] {
  const notes: TokenNote[] = [];
  if (state.isSaved) notes.push(ownNote('lock', vscode.l10n.t('VS Code keeps this token in its secret storage.')));
  for (const grant of state.grants ?? []) {
    notes.push(
      noteWithData('extensions', (data) =>
        vscode.l10n.t(
          'Generated for other extensions: the extensions allowed on the account "{0}" use it (Accounts menu → Manage Trusted Extensions). Delete it to revoke it.',
          data(grant.accountLabel, SENTENCE_LENGTH),
        ),
      ),
    );
  }
  const ci = state.ciSecret;
  if (ci) {
    const when = detailDate(new Date(ci.setAt), state.now, state.locale);
    notes.push(
      noteWithData('github', (data) =>
        ci.environment
          ? vscode.l10n.t('Stored as the GitHub Actions secret {0} of the environment "{1}" in {2} on {3}.', data(ci.secretName), data(ci.environment), data(ci.repository), when)
          : vscode.l10n.t('Stored as the GitHub Actions secret {0} of {1} on {2}.', data(ci.secretName), data(ci.repository), when),
      ),
    );
  }
  const why = staleReason(state);
  if (why) notes.push(ownNote('warning', why));
  if (state.expiry.kind === 'expired') notes.push(ownNote('error', vscode.l10n.t('This key has expired: CodeThreat no longer accepts it. Delete it, or rotate it if something still needs it.')));
  if (state.expiry.kind === 'expiring') {
    notes.push(
      ci
        ? noteWithData('warning', (data) =>
            vscode.l10n.t('This key expires soon. Rotate it before whatever uses it stops working: Rotate also updates the secret {0} of {1}.', data(ci.secretName), data(ci.repository)),
          )
        : ownNote('warning', vscode.l10n.t('This key expires soon. Rotate it before whatever uses it stops working.')),
    );
  }
  return notes;
}

/** A note of our own words only (no data): the same as text and as Markdown. */
function ownNote(icon: TokenNote['icon'], sentenceMarkdown: string): TokenNote {
  return { icon, text: sentenceMarkdown, markdown: sentenceMarkdown };
}

/** A note that holds data: written twice, the data as plain text and as escaped Markdown. */
function noteWithData(icon: TokenNote['icon'], say: (data: (text: string, max?: number) => string) => string): TokenNote {
  return { icon, text: say(plainText), markdown: say(markdownText) };
}

/**
 * Built lazily (resolveTreeItem): a Markdown table per hovered item, not per listed item. What
 * the server sent is escaped (`markdownText`): no link, image, HTML or icon comes from it; the
 * only icons are the notes' own, and the tooltip trusts nothing (`isTrusted`, `supportHtml` off).
 */
export function buildTokenTooltip(token: AccessToken, state: TokenItemState): vscode.MarkdownString {
  // Our own dates (Intl): no Markdown in them to escape.
  const when = (date: Date | null | undefined): string => detailDate(date, state.now, state.locale);
  const partial = partialValueText(token.partialValue);
  const rows = [
    tableRow(vscode.l10n.t('Name'), markdownText(token.name)),
    tableRow(vscode.l10n.t('Token'), partial ? `\`${partial}\`` : vscode.l10n.t('Not shown by the server')),
    tableRow(vscode.l10n.t('Created'), when(token.createdAt)),
    tableRow(vscode.l10n.t('Last used'), when(token.lastUsedAt)),
    token.scopes ? tableRow(vscode.l10n.t('Scopes'), markdownText(token.scopes.join(', '), SENTENCE_LENGTH) || vscode.l10n.t('none')) : '',
    token.expiresAt !== undefined ? tableRow(vscode.l10n.t('Expires'), token.expiresAt === null ? vscode.l10n.t('Never') : when(token.expiresAt)) : '',
  ];
  const markdown = untrustingMarkdown();
  markdown.appendMarkdown(`| | |\n|---|---|\n${rows.join('')}`);
  for (const note of tokenNotes(state)) markdown.appendMarkdown(`\n$(${note.icon}) ${note.markdown}\n`);
  return markdown;
}

/** One row of the tooltip's table; both cells are Markdown already (escaped where they hold data). */
function tableRow(headingMarkdown: string, valueMarkdown: string): string {
  return `| **${headingMarkdown}** | ${valueMarkdown} |\n`;
}

/** A tooltip that renders our own icons and nothing trusted: no command links, no HTML. */
export function untrustingMarkdown(): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(undefined, true);
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  return markdown;
}

/** Why a token counts as stale, in one sentence; undefined when it does not. */
function staleReason(state: Pick<TokenItemState, 'staleness' | 'staleAfterDays'>): string | undefined {
  const { staleness } = state;
  if (!staleness.stale) return undefined;
  return staleness.reason === 'neverUsed'
    ? vscode.l10n.t('Never used in the {0} days since it was created (stale after {1} days). Delete it if nothing needs it.', staleness.days, state.staleAfterDays)
    : vscode.l10n.t('Not used for {0} days (stale after {1} days). Delete it if nothing needs it any more.', staleness.days, state.staleAfterDays);
}
