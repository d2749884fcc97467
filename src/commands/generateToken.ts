/**
 * `codethreat.tokens.generate`: name → create → show the value once → copy and/or save.
 * The value lives in this function's memory until delivered; it is returned to nobody, logged
 * nowhere. One generation runs at a time, so a double-click sends one request.
 */
import * as vscode from 'vscode';
import type { AccessToken, CreatedAccessToken } from '../api/accessTokenContract';
import { CodeThreatApiError } from '../api/errors';
import type { Connection } from '../connection/connection';
import { describeError } from '../ui/errorMessages';
import { reportFailure, resolveConnection, withCancellableProgress } from './commandSupport';
import type { Services } from './services';

export type Delivery = 'clipboard' | 'secretStorage' | 'both';

export interface GenerateArgs {
  name?: string;
  deliver?: Delivery;
  /** Which connection; a connection node of the tree passes itself. */
  connectionId?: string;
}

export interface GenerateResult {
  id: string;
  name: string;
}

/** CodeThreat does not publish a limit; this matches what its web UI accepts. */
const TOKEN_NAME_MAX_LENGTH = 64;

let generating = false;

export function validateTokenName(name: string, existing: readonly AccessToken[]): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return vscode.l10n.t('Give the token a name, so you can tell later what uses it.');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return vscode.l10n.t('The name cannot contain control characters such as tabs or line breaks.');
  if (trimmed.length > TOKEN_NAME_MAX_LENGTH) {
    return vscode.l10n.t('The name is {0} characters long; the limit is {1}.', trimmed.length, TOKEN_NAME_MAX_LENGTH);
  }
  if (existing.some((token) => token.name.trim().toLowerCase() === trimmed.toLowerCase())) {
    return vscode.l10n.t('A token named "{0}" exists already. Choose another name.', trimmed);
  }
  return undefined;
}

export async function generateToken(services: Services, args: GenerateArgs = {}): Promise<GenerateResult | undefined> {
  if (generating) {
    void services.prompter.notify('info', vscode.l10n.t('A token is being generated already.'));
    return undefined;
  }
  generating = true;
  try {
    const connection = await resolveConnection(services, args);
    if (!connection) return undefined;
    return await generateFor(services, connection, args);
  } finally {
    generating = false;
  }
}

async function generateFor(services: Services, connection: Connection, args: GenerateArgs): Promise<GenerateResult | undefined> {
  const model = services.lists.get(connection.id);
  if (model.status === 'notLoaded') await model.refresh().catch(() => undefined); // for the duplicate check
  const name = await chooseTokenName(services, model.tokens, args.name, {
    title: vscode.l10n.t('Generate a CodeThreat access token'),
    prompt: vscode.l10n.t('Name the token after what will use it, e.g. "CI pipeline" or "laptop"'),
  });
  if (name === undefined) return undefined;

  let created: CreatedAccessToken;
  try {
    created = await withCancellableProgress(vscode.l10n.t('Generating access token "{0}"…', name), (signal) => model.create(name, signal));
  } catch (error) {
    await reportCreateFailure(services, connection, name, error);
    return undefined;
  }
  services.logger.info(`Created access token ${created.id} ("${created.name}")`);
  await deliver(services, connection, created, args.deliver);
  return { id: created.id, name: created.name };
}

/**
 * A valid name for a new token: `given` (checked, a clear message when it is not valid) or typed
 * into a box that refuses invalid names as they are typed.
 */
export async function chooseTokenName(
  services: Services,
  existing: readonly AccessToken[],
  given: string | undefined,
  box: { title: string; prompt: string; value?: string },
): Promise<string | undefined> {
  if (given !== undefined) {
    const problem = validateTokenName(given, existing);
    if (problem) {
      void services.prompter.notify('error', problem);
      return undefined;
    }
    return given.trim();
  }
  const typed = await services.prompter.input({ ...box, validate: (value) => validateTokenName(value, existing) });
  return typed?.trim() || undefined;
}

/**
 * A create whose answer was lost may or may not have happened; refreshing shows which, and the
 * user is told — it is never retried behind their back (a retry could make a second token).
 */
async function reportCreateFailure(services: Services, connection: Connection, name: string, error: unknown): Promise<void> {
  const uncertain = error instanceof CodeThreatApiError && (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'server');
  if (!uncertain) {
    reportFailure(services, vscode.l10n.t('Could not generate the token "{0}".', name), error, connection);
    return;
  }
  const model = services.lists.get(connection.id);
  const exists = await model.refresh().then(
    () => model.tokens.some((t) => t.name === name),
    () => undefined,
  );
  services.logger.error(`Creating token "${name}" failed midway: ${(error as Error).message}`);
  const message =
    exists === true
      ? vscode.l10n.t('The connection failed while generating "{0}". The server did create it, but its value was lost: delete it and generate a new one.', name)
      : exists === false
        ? vscode.l10n.t('The connection failed while generating "{0}". The token was not created; try again.', name)
        : vscode.l10n.t('The connection failed while generating "{0}", and whether it was created is unknown. {1}', name, describeError(error));
  void services.prompter.notify('error', message);
}

/**
 * Puts a new value where the user wants it: shown once in a modal (unless `given`), copied and/or
 * saved. With `replacesSaved` (rotation of the saved token) it is saved in any case, and the modal
 * only offers to copy it as well.
 */
export async function deliver(
  services: Services,
  connection: Connection,
  created: CreatedAccessToken,
  given: Delivery | undefined,
  options: { replacesSaved?: string } = {},
): Promise<void> {
  const copy = vscode.l10n.t('Copy to Clipboard');
  const save = vscode.l10n.t('Save in VS Code');
  const both = vscode.l10n.t('Copy and Save');
  let delivery = given;
  if (!delivery && options.replacesSaved) {
    const asked = await services.prompter.modal(
      'info',
      vscode.l10n.t('Access token "{0}" was created and replaces "{1}" in VS Code. Copy it now if anything else needs it: CodeThreat will not show it again.', created.name, options.replacesSaved),
      created.value,
      [copy],
    );
    delivery = asked === copy ? 'both' : 'secretStorage';
  }
  if (!delivery) {
    const asked = await services.prompter.modal(
      'info',
      vscode.l10n.t('Access token "{0}" was created. Copy or save it now: CodeThreat will not show it again.', created.name),
      created.value,
      [copy, save, both],
    );
    const second =
      asked ??
      (await services.prompter.modal(
        'warning',
        vscode.l10n.t('Discard the value of "{0}"?', created.name),
        vscode.l10n.t('Nobody can see this value again, not even in CodeThreat. The token itself stays valid until you delete it.'),
        [copy, save, both],
      ));
    delivery = second === copy ? 'clipboard' : second === save ? 'secretStorage' : second === both ? 'both' : undefined;
  }
  if (!delivery) {
    void services.prompter.notify('warning', vscode.l10n.t('The value of "{0}" was discarded. Delete the token if nothing will use it.', created.name));
    return;
  }
  const done: string[] = [];
  if (delivery === 'secretStorage' || delivery === 'both') {
    try {
      await services.connections.saveToken(connection.id, { id: created.id, name: created.name, value: created.value, savedAt: new Date().toISOString() });
      done.push(vscode.l10n.t('saved in VS Code'));
    } catch (error) {
      // Nothing may be lost: with the keyring gone, the clipboard is the way left to keep the value.
      services.logger.error(`Saving token ${created.id} failed: ${(error as Error).message}`);
      const fallback = delivery === 'both' ? undefined : await services.prompter.modal('error', describeError(error), vscode.l10n.t('Copy the value to the clipboard instead?'), [copy]);
      if (fallback === copy) delivery = 'both';
    }
  }
  if (delivery === 'clipboard' || delivery === 'both') {
    await services.copySecret(created.value);
    done.push(vscode.l10n.t('copied to the clipboard'));
  }
  if (done.length) void services.prompter.notify('info', vscode.l10n.t('Access token "{0}": {1}.', created.name, done.join(', ')));
}
