/** What the user is told after a token operation, in one place for generate, rotate and delete. */
import * as vscode from 'vscode';
import type { Connection } from '../../../core/connections/connection';
import type { Delivered, DeleteOutcome, GenerateOutcome } from '../../../core/tokens/tokenOperations';
import { reportFailure, type CommandDeps } from '../../shared/commandSupport';
import { describeError } from '../../shared/errorMessages';
import { plainText } from '../../../core/util/untrustedText';

/** "Access token "CI": saved in VS Code, copied to the clipboard." — or why the value was lost. */
export function announceDelivery(deps: CommandDeps, name: string, delivered: Delivered): void {
  const done = [delivered.saved ? vscode.l10n.t('saved in VS Code') : undefined, delivered.copied ? vscode.l10n.t('copied to the clipboard') : undefined].filter(
    (part): part is string => !!part,
  );
  if (done.length) {
    void deps.prompter.notify('info', vscode.l10n.t('Access token "{0}": {1}.', plainText(name), done.join(', ')));
    return;
  }
  void deps.prompter.notify('warning', vscode.l10n.t('The value of "{0}" was not kept anywhere. Delete the token if nothing will use it.', plainText(name)));
}

/** A create that failed; after a lost answer, says whether the token exists after all. */
export function reportCreateFailure(deps: CommandDeps, connection: Connection, name: string, outcome: GenerateOutcome & { status: 'failed' }): void {
  if (!('createdAnyway' in outcome)) {
    reportFailure(deps, vscode.l10n.t('Could not generate the token "{0}".', plainText(name)), outcome.error, connection);
    return;
  }
  const message =
    outcome.createdAnyway === true
      ? vscode.l10n.t('The connection failed while generating "{0}". The server did create it, but its value was lost: delete it and generate a new one.', plainText(name))
      : outcome.createdAnyway === false
        ? vscode.l10n.t('The connection failed while generating "{0}". The token was not created; try again.', plainText(name))
        : vscode.l10n.t('The connection failed while generating "{0}", and whether it was created is unknown. {1}', plainText(name), describeError(outcome.error));
  void deps.prompter.notify('error', message);
}

/** "Deleted …" / "had already been deleted" / the failure; the saved copy's removal too. */
export function announceDeletion(deps: CommandDeps, connection: Connection, name: string, outcome: DeleteOutcome): void {
  if (outcome.status === 'failed') {
    reportFailure(deps, vscode.l10n.t('Could not delete the token "{0}".', plainText(name)), outcome.error, connection);
    return;
  }
  if (outcome.status !== 'deleted' && outcome.status !== 'alreadyGone') return;
  if (outcome.savedCopyError) {
    reportFailure(deps, vscode.l10n.t('The token was deleted, but VS Code could not remove its saved copy.'), outcome.savedCopyError, connection);
  }
  if (outcome.savedTokenChanged) {
    void deps.prompter.notify('warning', vscode.l10n.t('Another window saved a different token in VS Code while you were deciding, so the saved token was kept; only "{0}" was deleted.', plainText(name)));
  }
  void deps.prompter.notify(
    'info',
    outcome.status === 'deleted'
      ? vscode.l10n.t('Deleted the access token "{0}".', plainText(name))
      : vscode.l10n.t('The access token "{0}" had already been deleted.', plainText(name)),
  );
}
