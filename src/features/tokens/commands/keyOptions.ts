/**
 * What an AppSec platform API key is created with besides its name: its scopes (least privilege:
 * a preset, or a custom set — only scopes the signed-in key holds itself, the extension never
 * tries to escalate) and its expiry (CodeThreat advises rotating every 90 days, the default).
 * Classic tokens have neither; these steps are skipped for them.
 */
import * as vscode from 'vscode';
import { APPSEC_SCOPE_GROUPS, SCOPE_PRESETS, coversScopes, missingScopes, sortScopes } from '../../../core/api/appsec/scopes';
import type { TokenRequest } from '../../../core/api/accessToken';
import type { Connection } from '../../../core/connections/connection';
import { dialectOf } from '../../../core/dialects';
import type { Prompter } from '../../../platform/prompter';
import { DAY_MS } from '../../../core/util/relativeTime';
import { plainText, SENTENCE_LENGTH } from '../../../core/util/untrustedText';

export const DEFAULT_EXPIRY_DAYS = 90;
/** The default first, so that Enter takes it. */
const EXPIRY_CHOICES_DAYS = [DEFAULT_EXPIRY_DAYS, 30, 180, 365] as const;

/** The scopes a connection's key holds; undefined where keys have none (classic: a full user token). */
export function heldScopes(connection: Connection): readonly string[] | undefined {
  return dialectOf(connection.generation).keys.scopes ? (connection.permissions ?? []) : undefined;
}

/** Whether the connection's credential may create and revoke keys (classic tokens may do anything). */
export function canWriteKeys(connection: Connection): boolean {
  const held = heldScopes(connection);
  return !held || held.includes('api-key:write');
}

/**
 * Adds scopes and expiry to a request where the dialect's keys have them (from `args`, else
 * chosen); a classic request stays as it is. Undefined when cancelled or refused.
 */
export async function withKeyOptions(
  prompter: Prompter,
  connection: Connection,
  request: TokenRequest,
  args: { scopes?: unknown; expiresInDays?: unknown },
  now: Date,
  title: string,
): Promise<TokenRequest | undefined> {
  const { keys } = dialectOf(connection.generation);
  const scopes = keys.scopes ? await chooseScopes(prompter, heldScopes(connection) ?? [], args.scopes, title) : undefined;
  if (keys.scopes && !scopes) return undefined;
  const expiresAt = keys.expiry ? await chooseExpiry(prompter, now, args.expiresInDays, title) : undefined;
  if (keys.expiry && expiresAt === undefined) return undefined;
  return { ...request, ...(scopes ? { scopes } : {}), ...(keys.expiry ? { expiresAt } : {}) };
}

/** True when the connection may create and delete keys; otherwise says why (the palette shows commands the menus hide). */
export function mayWriteKeys(prompter: Prompter, connection: Connection): boolean {
  if (canWriteKeys(connection)) return true;
  const text = vscode.l10n.t(
    'The API key you signed in to {0} with lacks the scope api-key:write, so it cannot create or revoke keys. Sign in with a key that has it.',
    plainText(connection.organizationName ?? connection.organization),
  );
  void prompter.notify('error', text);
  return false;
}

/**
 * The scopes for a new key: `given` (checked against what the signed-in key holds) or chosen — a
 * preset, or ticked one by one, grouped by resource. Undefined when cancelled or refused.
 */
export async function chooseScopes(prompter: Prompter, held: readonly string[], given: unknown, title: string): Promise<string[] | undefined> {
  if (given !== undefined) return checkGivenScopes(prompter, held, given);
  const CUSTOM = 'custom';
  const presets = SCOPE_PRESETS.filter((preset) => coversScopes(held, preset.scopes));
  const picked = await prompter.pick<readonly string[] | typeof CUSTOM>(
    [
      ...presets.map((preset) => ({ label: presetLabel(preset.id), description: plainText(preset.scopes.join(', '), SENTENCE_LENGTH), value: preset.scopes })),
      { label: vscode.l10n.t('Choose scopes…'), description: vscode.l10n.t('only what it needs'), value: CUSTOM },
    ],
    { title, placeholder: vscode.l10n.t('What may the new key do?') },
  );
  if (picked === undefined) return undefined;
  if (picked !== CUSTOM) return [...picked];
  const ticked = await prompter.pickMany(scopeChoices(held), { title, placeholder: vscode.l10n.t('Tick the scopes the new key gets (your key can grant only its own)') });
  if (!ticked?.length) return undefined;
  return sortScopes(ticked);
}

function checkGivenScopes(prompter: Prompter, held: readonly string[], given: unknown): string[] | undefined {
  const scopes = Array.isArray(given) ? given.filter((s): s is string => typeof s === 'string') : [];
  if (scopes.length === 0) {
    void prompter.notify('error', vscode.l10n.t('Name at least one scope for the new key, e.g. scan:read.'));
    return undefined;
  }
  const missing = missingScopes(held, scopes);
  if (missing.length) {
    void prompter.notify('error', vscode.l10n.t('Your API key cannot grant {0}: a new key gets only scopes the key you signed in with holds.', plainText(missing.join(', '), SENTENCE_LENGTH)));
    return undefined;
  }
  return sortScopes(scopes);
}

function scopeChoices(held: readonly string[]) {
  return APPSEC_SCOPE_GROUPS.flatMap((group) =>
    group.actions
      .map((action) => `${group.resource}:${action}`)
      .filter((scope) => held.includes(scope))
      .map((scope, index) => ({ label: plainText(scope), value: scope, group: index === 0 ? plainText(group.resource) : undefined })),
  );
}

function presetLabel(id: (typeof SCOPE_PRESETS)[number]['id']): string {
  return id === 'scanInCi' ? vscode.l10n.t('Scan in CI') : vscode.l10n.t('Read results');
}

/** When the new key expires: `given` days (null: never) or chosen; default 90 days. */
export async function chooseExpiry(prompter: Prompter, now: Date, given: unknown, title: string): Promise<Date | null | undefined> {
  if (given === null) return null;
  if (given !== undefined) {
    if (typeof given === 'number' && Number.isInteger(given) && given >= 1 && given <= 3650) return new Date(now.getTime() + given * DAY_MS);
    void prompter.notify('error', vscode.l10n.t('The expiry is a whole number of days between 1 and 3650, or null for none.'));
    return undefined;
  }
  const days = await prompter.pick<number | null>(
    [
      ...EXPIRY_CHOICES_DAYS.map((d) => ({
        label: vscode.l10n.t('{0} days', d),
        description: d === DEFAULT_EXPIRY_DAYS ? vscode.l10n.t('CodeThreat’s advice: rotate every 90 days') : undefined,
        value: d,
      })),
      { label: vscode.l10n.t('No expiry'), description: vscode.l10n.t('valid until you delete it'), value: null },
    ],
    { title, placeholder: vscode.l10n.t('When should the new key expire?') },
  );
  if (days === undefined) return undefined;
  return days === null ? null : new Date(now.getTime() + days * DAY_MS);
}

/** A fresh expiry for a rotated key: the default period from now. */
export function defaultExpiry(now: Date): Date {
  return new Date(now.getTime() + DEFAULT_EXPIRY_DAYS * DAY_MS);
}
