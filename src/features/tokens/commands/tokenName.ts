/** Names for new tokens: what a valid one is, and asking for one. */
import * as vscode from 'vscode';
import type { AccessToken } from '../../../core/api/accessToken';
import type { Prompter } from '../../../platform/prompter';
import { plainText } from '../../../core/util/untrustedText';

/** CodeThreat does not publish a limit; this matches what its web UI accepts. */
const TOKEN_NAME_MAX_LENGTH = 64;

/** `existing` undefined: the list could not be loaded, and the name is not checked against it. */
export function validateTokenName(name: string, existing: readonly AccessToken[] | undefined): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return vscode.l10n.t('Give the token a name, so you can tell later what uses it.');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return vscode.l10n.t('The name cannot contain control characters such as tabs or line breaks.');
  if (trimmed.length > TOKEN_NAME_MAX_LENGTH) {
    return vscode.l10n.t('The name is {0} characters long; the limit is {1}.', trimmed.length, TOKEN_NAME_MAX_LENGTH);
  }
  if (existing?.some((token) => token.name.trim().toLowerCase() === trimmed.toLowerCase())) {
    return vscode.l10n.t('A token named "{0}" exists already. Choose another name.', plainText(trimmed));
  }
  return undefined;
}

/**
 * A valid name for a new token: `given` (checked, a clear message when it is not valid) or typed
 * into a box that refuses invalid names as they are typed.
 */
export async function chooseTokenName(
  prompter: Prompter,
  existing: readonly AccessToken[] | undefined,
  given: string | undefined,
  box: { title: string; prompt: string; value?: string },
): Promise<string | undefined> {
  // Said rather than checked against an empty list: a duplicate would pass in silence.
  if (!existing) box = { ...box, prompt: `${box.prompt} ${vscode.l10n.t('(The existing tokens could not be loaded, so the name is not checked against them.)')}` };
  if (given !== undefined) {
    const problem = validateTokenName(given, existing);
    if (problem) {
      void prompter.notify('error', problem);
      return undefined;
    }
    return given.trim();
  }
  const typed = await prompter.input({ ...box, validate: (value) => validateTokenName(value, existing) });
  return typed?.trim() || undefined;
}

/** "CI pipeline" → "CI pipeline (2026-11-28)"; an earlier rotation's date is replaced. */
export function replacementName(name: string, today: Date): string {
  const base = name.replace(/ \(\d{4}-\d{2}-\d{2}\)$/, '');
  return `${base} (${today.toISOString().slice(0, 10)})`;
}
