/**
 * The modal dialogs behind `Consent` (see core/tokens/tokenOperations.ts): each says what will
 * happen — which token, which connection, where a value goes — and only its own buttons say yes.
 * A choice the caller pre-filled is the only button offered; dismissing is always "no".
 */
import * as vscode from 'vscode';
import type { AccessToken, TokenRequest } from '../../core/api/accessToken';
import type { CiGenerateConsent, CiRotateConsent, CiSecretTarget, Consent, DeleteConsent, Delivery, GenerateConsent, RotateConsent, ShowProgress, SignOutConsent, TerminalConsent } from '../../core/tokens/tokenOperations';
import type { Prompter } from '../../platform/prompter';
import { connectionLabel, withCancellableProgress } from './commandSupport';
import { describeError } from './errorMessages';
import { plainText, SENTENCE_LENGTH } from '../../core/util/untrustedText';

const DELIVERIES: readonly Delivery[] = ['clipboard', 'secretStorage', 'both'];

export class ConsentDialogs implements Consent {
  constructor(private readonly prompter: Prompter) {}

  async confirmGenerate({ connection, request, delivery, forExtension, savedName }: GenerateConsent): Promise<Delivery | undefined> {
    const buttons = offered(delivery, generateLabel);
    const message = forExtension
      ? vscode.l10n.t('An extension asks for a CodeThreat access token. Generate "{0}" for {1}?', plainText(request.name), connectionLabel(connection))
      : vscode.l10n.t('Generate the access token "{0}" for {1}?', plainText(request.name), connectionLabel(connection));
    const detail = [
      whatItMayDo(request),
      forExtension
        ? vscode.l10n.t('VS Code keeps it in its secret storage as an account of its own, for the extension that asked; another extension gets it only if you allow it on that account (Accounts → Manage Trusted Extensions). Your saved token is not replaced.')
        : deliveryText(delivery),
      savedName
        ? vscode.l10n.t('Kept in VS Code, it replaces "{0}" there, and extensions using "{0}" get the new token. "{0}" keeps working on the server until you delete it.', plainText(savedName))
        : undefined,
    ]
      .filter(Boolean)
      .join('\n\n');
    return this.#ask('info', message, detail, buttons);
  }

  async confirmRotate({ connection, old, request, delivery, replacesSaved }: RotateConsent): Promise<Delivery | undefined> {
    const choices = replacesSaved ? (delivery === 'secretStorage' ? ['secretStorage' as const] : (['secretStorage', 'both'] as const)) : undefined;
    const buttons = choices ? choices.map((d) => ({ label: rotateLabel(d), value: d })) : offered(delivery, rotateLabel);
    const detail = [
      replacesSaved
        ? vscode.l10n.t('A replacement "{0}" is created and replaces "{1}" in VS Code.', plainText(request.name), plainText(old.name))
        : vscode.l10n.t('A replacement "{0}" is created.', plainText(request.name)),
      whatItMayDo(request),
      vscode.l10n.t('"{0}" keeps working until you delete it; you are asked about that next, once the replacement is in place.', plainText(old.name)),
      replacesSaved ? undefined : deliveryText(delivery),
    ]
      .filter(Boolean)
      .join('\n\n');
    return this.#ask('info', vscode.l10n.t('Rotate the access token "{0}" on {1}?', plainText(old.name), connectionLabel(connection)), detail, buttons);
  }

  async confirmDelete({ connection, token, isSaved, replacement, afterForgetting, grantNames }: DeleteConsent): Promise<boolean> {
    const deleteButton = vscode.l10n.t('Delete');
    const detail = [
      afterForgetting
        ? vscode.l10n.t('VS Code no longer keeps this token, but it still works. Delete it on {0} too, so that nothing can use it any more?', connectionLabel(connection))
        : undefined,
      replacement
        ? vscode.l10n.t('The replacement "{0}" is ready. Delete the old token now, once whatever used it has the new one?', plainText(replacement.name))
        : undefined,
      vscode.l10n.t('Anything that uses this token loses access to CodeThreat at once. This cannot be undone.'),
      isSaved ? vscode.l10n.t('VS Code keeps this token in its secret storage; that copy is removed too.') : undefined,
      grantNames
        ? vscode.l10n.t('It was generated for other extensions: the extensions allowed on the account {0} lose it, and VS Code forgets it.', grantNames.map((n) => `"${plainText(n)}"`).join(', '))
        : undefined,
    ]
      .filter(Boolean)
      .join('\n\n');
    return (await this.prompter.modal('warning', vscode.l10n.t('Delete the access token "{0}"?', plainText(token.name)), detail, [deleteButton])) === deleteButton;
  }

  async confirmSignOut({ connection, savedTokenName, grantNames }: SignOutConsent): Promise<boolean> {
    const signOut = vscode.l10n.t('Sign Out');
    const grants = grantNames
      ? vscode.l10n.t(
          'VS Code also forgets the keys it generated for other extensions ({0}): those extensions lose them. The keys stay valid on the server until you delete them.',
          grantNames.map((n) => `"${plainText(n)}"`).join(', '),
        )
      : undefined;
    const main = savedTokenName
      ? vscode.l10n.t(
          'VS Code also forgets the access token "{0}" it keeps for this connection. The token stays valid on the server: sign in again to see it in the list and delete it there, or in the CodeThreat web app.',
          plainText(savedTokenName),
        )
      : vscode.l10n.t('VS Code forgets your sign-in for this connection. Nothing is deleted on the server.');
    const detail = [main, grants].filter(Boolean).join('\n\n');
    return (await this.#ask('info', vscode.l10n.t('Sign out of {0}?', connectionLabel(connection)), detail, [{ label: signOut, value: true }])) === true;
  }

  async confirmCopyInstead(_token: AccessToken, saveError: unknown): Promise<boolean> {
    const copy = vscode.l10n.t('Copy to Clipboard');
    return (await this.prompter.modal('error', describeError(saveError), vscode.l10n.t('Copy the value to the clipboard instead?'), [copy])) === copy;
  }

  async confirmGenerateForCi({ connection, request, target }: CiGenerateConsent): Promise<boolean> {
    const button = vscode.l10n.t('Generate and Store in GitHub');
    const message = vscode.l10n.t('Generate the access token "{0}" for {1} and store it as the GitHub Actions secret {2} of {3}?', plainText(request.name), connectionLabel(connection), plainText(target.secretName), plainText(target.repository));
    return (await this.#ask('info', message, [whatItMayDo(request), ...ciDetail(target)].join('\n\n'), [{ label: button, value: true }])) === true;
  }

  async confirmRotateForCi({ connection, old, request, target }: CiRotateConsent): Promise<boolean> {
    const button = vscode.l10n.t('Rotate and Update GitHub');
    const message = vscode.l10n.t('Rotate the access token "{0}" on {1} and store the replacement in the GitHub Actions secret {2} of {3}?', plainText(old.name), connectionLabel(connection), plainText(target.secretName), plainText(target.repository));
    const detail = [
      vscode.l10n.t('A replacement "{0}" is created.', plainText(request.name)),
      whatItMayDo(request),
      ...ciDetail(target),
      vscode.l10n.t('"{0}" keeps working until you delete it; you are asked about that next, once the replacement is in place.', plainText(old.name)),
    ].join('\n\n');
    return (await this.#ask('info', message, detail, [{ label: button, value: true }])) === true;
  }

  async confirmTerminal({ connection, savedTokenName, tokenVariable, serverVariable, organizationVariable }: TerminalConsent): Promise<boolean> {
    const open = vscode.l10n.t('Open Terminal');
    const detail = [
      vscode.l10n.t(
        "The terminal's environment will hold the token \"{0}\" as {1}, the server address as {2} and the organization as {3}.",
        plainText(savedTokenName),
        plainText(tokenVariable),
        plainText(serverVariable),
        plainText(organizationVariable),
      ),
      vscode.l10n.t('Any program you run in that terminal can read the token.'),
      vscode.l10n.t('While the terminal is open, installed extensions can read the token too: VS Code shows every extension the environment a terminal was opened with.'),
      vscode.l10n.t('The token is not kept after the terminal closes: it is not written anywhere, and the terminal is not restored when the window reloads.'),
    ].join('\n\n');
    const message = vscode.l10n.t('Open a terminal with the saved token "{0}" for {1}?', plainText(savedTokenName), connectionLabel(connection));
    return (await this.prompter.modal('warning', message, detail, [open])) === open;
  }

  async #ask<T>(severity: 'info' | 'warning', message: string, detail: string, buttons: { label: string; value: T }[]): Promise<T | undefined> {
    const answer = await this.prompter.modal(
      severity,
      message,
      detail,
      buttons.map((b) => b.label),
    );
    return buttons.find((b) => b.label === answer)?.value;
  }
}

/** The progress of a creation: a cancellable notification whose signal aborts the request. */
export const showOperationProgress: ShowProgress = (step, task) =>
  withCancellableProgress(
    step.replacing
      ? vscode.l10n.t('Creating "{0}" to replace "{1}"…', plainText(step.name), plainText(step.replacing))
      : vscode.l10n.t('Generating access token "{0}"…', plainText(step.name)),
    task,
  );

function offered(preset: Delivery | undefined, label: (delivery: Delivery) => string): { label: string; value: Delivery }[] {
  return (preset ? [preset] : DELIVERIES).map((delivery) => ({ label: label(delivery), value: delivery }));
}

function generateLabel(delivery: Delivery): string {
  if (delivery === 'clipboard') return vscode.l10n.t('Generate and Copy');
  if (delivery === 'secretStorage') return vscode.l10n.t('Generate and Save in VS Code');
  return vscode.l10n.t('Generate, Copy and Save');
}

function rotateLabel(delivery: Delivery): string {
  if (delivery === 'clipboard') return vscode.l10n.t('Rotate and Copy');
  if (delivery === 'secretStorage') return vscode.l10n.t('Rotate and Save in VS Code');
  return vscode.l10n.t('Rotate, Copy and Save');
}

/** What the new token may do and for how long: its scopes and expiry (AppSec), or everything (classic). */
function whatItMayDo(request: TokenRequest): string {
  if (!request.scopes) return vscode.l10n.t('The token can use CodeThreat as you until it is deleted.');
  const until = request.expiresAt
    ? vscode.l10n.t('It expires on {0}.', request.expiresAt.toLocaleDateString(vscode.env.language))
    : vscode.l10n.t('It never expires; delete it when it is no longer needed.');
  return `${vscode.l10n.t('Scopes: {0}.', plainText(request.scopes.join(', '), SENTENCE_LENGTH))} ${until}`;
}

/** Where a CI key's value goes, what else is set, and what it replaces. */
function ciDetail(target: CiSecretTarget): string[] {
  return [
    target.environment
      ? vscode.l10n.t('Its value goes only into the secret {0} of the environment "{1}" in {2}, sealed with the repository\'s key before it leaves VS Code: it is not copied, not kept in VS Code, and nobody sees it.', plainText(target.secretName), plainText(target.environment), plainText(target.repository))
      : vscode.l10n.t('Its value goes only into the repository secret {0} of {1}, sealed with the repository\'s key before it leaves VS Code: it is not copied, not kept in VS Code, and nobody sees it.', plainText(target.secretName), plainText(target.repository)),
    vscode.l10n.t('The Actions variables {0} get the server address and the organization (no secret).', plainText(target.variables.join(', '))),
    target.replacesSetAt
      ? vscode.l10n.t('The secret exists already (set {0}): its value is replaced.', new Date(target.replacesSetAt).toLocaleString(vscode.env.language))
      : undefined,
    vscode.l10n.t('If GitHub does not take the secret, the new key is deleted at once.'),
  ].filter((line): line is string => line !== undefined);
}

/** Where the value will go, in one sentence; the value is never shown. */
function deliveryText(delivery: Delivery | undefined): string {
  switch (delivery) {
    case 'clipboard':
      return vscode.l10n.t('Its value will be copied to the clipboard (cleared again after codethreat.clipboardClearSeconds). CodeThreat will not show it again.');
    case 'secretStorage':
      return vscode.l10n.t("Its value will be kept in VS Code's secret storage. CodeThreat will not show it again.");
    case 'both':
      return vscode.l10n.t("Its value will be copied to the clipboard and kept in VS Code's secret storage. CodeThreat will not show it again.");
    default:
      return vscode.l10n.t('Choose where its value goes: CodeThreat will not show it again.');
  }
}
