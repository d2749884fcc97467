/**
 * Everything that creates, reveals or destroys a credential: generate, rotate, delete, sign out,
 * and handing the saved token to a terminal.
 *
 * THE RULE, enforced here and nowhere else: none of these happens unless `Consent` returned the
 * user's yes, whoever called (the palette, a keybinding, another extension running a command, a
 * walkthrough link, the authentication provider). Arguments may pre-fill a choice; they are passed
 * to `Consent`, which asks anyway. What is returned is metadata, never a value: a new value goes
 * only where the user said (the clipboard, with auto-clear, and/or SecretStorage).
 *
 * UI-free: the features render `Consent` as modal dialogs and turn outcomes into messages.
 */
import type { CiSecretRecords } from '../ci/ciSecretRecords';
import type { AccessToken, CreatedAccessToken, TokenRequest } from '../api/accessToken';
import { isApiError } from '../api/errors';
import type { Connection, SavedToken } from '../connections/connection';
import type { ConnectionService, SavedTokenInfo } from '../connections/connectionService';
import type { Clock } from '../ports';
import type { Logger } from '../logging/logger';
import type { ClipboardGuard } from './clipboardGuard';
import type { Grant, GrantStore } from './grants';
import type { TokenLists } from './tokenLists';

/** Where a new value goes. */
export type Delivery = 'clipboard' | 'secretStorage' | 'both';

export interface GenerateConsent {
  connection: Connection;
  request: TokenRequest;
  /** Pre-filled by the caller: the dialog offers only this. */
  delivery?: Delivery;
  /** Asked for by another extension through the authentication provider. */
  forExtension?: boolean;
  /** The token VS Code keeps now, which saving the new one replaces there (it keeps working). */
  savedName?: string;
}

export interface RotateConsent {
  connection: Connection;
  old: AccessToken;
  request: TokenRequest;
  delivery?: Delivery;
  /** The old token is the one VS Code keeps: the replacement is saved in any case. */
  replacesSaved: boolean;
}

export interface DeleteConsent {
  connection: Connection;
  token: AccessToken;
  /** VS Code keeps this token; its saved copy goes too. */
  isSaved: boolean;
  /** Set when the deletion ends a rotation: the replacement that is ready. */
  replacement?: AccessToken;
  /** VS Code has just forgotten the token (its account was signed out): delete it on the server too? */
  afterForgetting?: boolean;
  /** The grants the key backs: the extensions allowed on them lose it. */
  grantNames?: string[];
}

export interface SignOutConsent {
  connection: Connection;
  /** The token VS Code keeps for this connection, if any: it is forgotten too. */
  savedTokenName?: string;
  /** The keys generated for other extensions on this connection: forgotten too. */
  grantNames?: string[];
}

/** Why the saved token's value is revealed: where it will go, in the words the modal uses. */
export interface TerminalPurpose {
  kind: 'terminal';
  /** The environment variable that will hold the token's value. */
  tokenVariable: string;
  /** The variables that will hold the server address and the organization (no secret). */
  serverVariable: string;
  organizationVariable: string;
}

export type RevealPurpose = TerminalPurpose;

export interface TerminalConsent extends TerminalPurpose {
  connection: Connection;
  /** The name of the saved token whose value the terminal will hold. */
  savedTokenName: string;
}

/** A GitHub Actions secret a new key's value goes to, and nowhere else (not the clipboard, not VS Code). */
export interface CiSecretTarget {
  /** `owner/name`. */
  repository: string;
  secretName: string;
  environment?: string;
  /** The Actions variables set beside it (names only: they hold no secret). */
  variables: readonly string[];
  /** When the secret already exists: GitHub's `updated_at`; storing replaces it. */
  replacesSetAt?: string;
}

export interface CiGenerateConsent {
  connection: Connection;
  request: TokenRequest;
  target: CiSecretTarget;
}

export interface CiRotateConsent extends CiGenerateConsent {
  old: AccessToken;
}

/** Seals and stores the value; throws when it could not be stored. */
export type StoreSecret = (value: string, signal?: AbortSignal) => Promise<void>;

/** The user's answers; undefined (or false) is "no". Each one is a modal that says what will happen. */
export interface Consent {
  confirmGenerate(request: GenerateConsent): Promise<Delivery | undefined>;
  confirmRotate(request: RotateConsent): Promise<Delivery | undefined>;
  confirmDelete(request: DeleteConsent): Promise<boolean>;
  confirmSignOut(request: SignOutConsent): Promise<boolean>;
  /** Saving a new value failed (no keyring): copy it instead, so it is not lost? */
  confirmCopyInstead(token: AccessToken, saveError: unknown): Promise<boolean>;
  /** Generate a key whose value goes only into the CI secret named? */
  confirmGenerateForCi(request: CiGenerateConsent): Promise<boolean>;
  /** Rotate a key kept in a CI secret: the replacement goes into the same secret? */
  confirmRotateForCi(request: CiRotateConsent): Promise<boolean>;
  /** Put the saved token into a new terminal's environment, under the variables named? */
  confirmTerminal(request: TerminalConsent): Promise<boolean>;
}

/** A step the user waits for; the features show it (a cancellable notification). */
export interface ProgressStep {
  kind: 'creating';
  name: string;
  /** Set while creating a replacement. */
  replacing?: string;
}

export type ShowProgress = <T>(step: ProgressStep, task: (signal: AbortSignal) => Promise<T>) => PromiseLike<T>;

export interface Delivered {
  copied: boolean;
  saved: boolean;
  /** Why saving failed, when it was asked for and failed. */
  saveError?: unknown;
}

export type GenerateOutcome =
  | { status: 'declined' }
  | { status: 'busy' }
  | { status: 'created'; token: AccessToken; delivered: Delivered }
  /** `createdAnyway`: after a lost answer, whether the server has the token after all (undefined: unknown). */
  | { status: 'failed'; error: unknown; createdAnyway?: boolean };

/** `notKept`: the key exists on the server but its value could not be kept (no keyring); it is listed, to be deleted. */
export type GrantOutcome =
  | { status: 'declined' }
  | { status: 'busy' }
  | { status: 'created'; token: AccessToken; grant: Grant }
  | { status: 'notKept'; token: AccessToken; error: unknown }
  | { status: 'failed'; error: unknown; createdAnyway?: boolean };

export type DeleteOutcome =
  | { status: 'declined' }
  | { status: 'busy' }
  /**
   * `savedTokenChanged`: the dialog said VS Code's copy goes too, but another token was saved
   * meanwhile (another window); that one was kept.
   */
  | { status: 'deleted' | 'alreadyGone'; token: AccessToken; savedCopyError?: unknown; savedTokenChanged?: boolean }
  | { status: 'failed'; error: unknown };

export type RotateOutcome =
  | { status: 'declined' }
  | { status: 'busy' }
  | { status: 'failed'; error: unknown; createdAnyway?: boolean }
  /** The replacement exists but its value was not kept where it had to go: the old one stays. */
  | { status: 'notKept'; replacement: AccessToken; delivered: Delivered }
  | { status: 'rotated'; replacement: AccessToken; delivered: Delivered; oldDeletion: DeleteOutcome };

/**
 * `notStored`: the key was created but its value could not be stored in the secret. The key —
 * whose value nobody has seen — was deleted at once (`cleanup`), unasked: see SECURITY.md.
 */
export type CiGenerateOutcome =
  | { status: 'declined' }
  | { status: 'busy' }
  | { status: 'failed'; error: unknown; createdAnyway?: boolean }
  | { status: 'notStored'; token: AccessToken; error: unknown; cleanup: 'deleted' | 'alreadyGone' | { error: unknown } }
  | { status: 'stored'; token: AccessToken };

export type CiRotateOutcome =
  | Exclude<CiGenerateOutcome, { status: 'stored' }>
  | { status: 'rotated'; replacement: AccessToken; oldDeletion: DeleteOutcome };

/** `savedTokenChanged`: another token was saved while the dialog was open; nothing was done. */
export type SignOutOutcome = { status: 'declined' } | { status: 'savedTokenChanged' } | { status: 'signedOut'; forgotSavedToken: boolean };

/**
 * `revealed` carries the value: the caller puts it where the user agreed and nowhere else (not in
 * a result, a message or a log). `none`: nothing is saved for the connection.
 */
export type RevealOutcome =
  | { status: 'none' }
  | { status: 'declined' }
  | { status: 'revealed'; token: SavedToken }
  /** The keyring could not be read. */
  | { status: 'failed'; error: unknown };

export interface TokenOperationsDependencies {
  connections: ConnectionService;
  lists: TokenLists;
  consent: Consent;
  clipboard: ClipboardGuard;
  grants: GrantStore;
  /** Where keys were stored as CI secrets: a deleted key's record goes with it. */
  ciSecrets: Pick<CiSecretRecords, 'forget'>;
  logger: Logger;
  clock: Clock;
  showProgress: ShowProgress;
}

export class TokenOperations {
  /** One creation at a time: a double-click sends one request. */
  #creating = false;
  /** Tokens whose deletion is being confirmed or sent. */
  readonly #deleting = new Set<string>();

  constructor(private readonly deps: TokenOperationsDependencies) {}

  async generate(connection: Connection, request: TokenRequest, options: { delivery?: Delivery; forExtension?: boolean } = {}): Promise<GenerateOutcome> {
    if (this.#creating) return { status: 'busy' };
    this.#creating = true;
    try {
      const savedName = options.delivery === 'clipboard' ? undefined : (await this.#savedInfo(connection))?.name;
      const delivery = await this.deps.consent.confirmGenerate({ connection, request, ...options, savedName });
      if (!delivery) return { status: 'declined' };
      const created = await this.#create(connection, request, { kind: 'creating', name: request.name });
      if ('failed' in created) return created.failed;
      const delivered = await this.#deliver(connection, created, delivery);
      return { status: 'created', token: withoutValue(created), delivered };
    } finally {
      this.#creating = false;
    }
  }

  /**
   * A key for another extension (the authentication provider's createSession): exactly the scopes
   * it asked for, kept as a grant of its own. It never replaces the connection's saved token, and
   * its value goes nowhere else (no clipboard).
   */
  async generateGrant(connection: Connection, request: TokenRequest, asked: readonly string[], accountLabel: (name: string) => string): Promise<GrantOutcome> {
    if (this.#creating) return { status: 'busy' };
    this.#creating = true;
    try {
      if (!(await this.deps.consent.confirmGenerate({ connection, request, delivery: 'secretStorage', forExtension: true }))) return { status: 'declined' };
      const created = await this.#create(connection, request, { kind: 'creating', name: request.name });
      if ('failed' in created) return created.failed;
      const token = withoutValue(created);
      try {
        const fields = { connectionId: connection.id, scopes: [...asked], tokenId: created.id, name: created.name, created: this.deps.clock.now().toISOString() };
        const grant = await this.deps.grants.add(fields, accountLabel(created.name), created.value);
        this.deps.logger.info(`Access token ${created.id} granted to an extension (account ${grant.id})`);
        return { status: 'created', token, grant };
      } catch (error) {
        this.deps.logger.error(`Keeping token ${created.id} for an extension failed: ${error instanceof Error ? error.message : String(error)}`);
        return { status: 'notKept', token, error };
      }
    } finally {
      this.#creating = false;
    }
  }

  /** `keepOld` pre-fills "no" to deleting the old token (it is not even asked). */
  async rotate(connection: Connection, old: AccessToken, request: TokenRequest, options: { delivery?: Delivery; keepOld?: boolean } = {}): Promise<RotateOutcome> {
    if (this.#creating) return { status: 'busy' };
    this.#creating = true;
    try {
      const replacesSaved = (await this.#savedInfo(connection))?.id === old.id;
      const chosen = await this.deps.consent.confirmRotate({ connection, old, request, replacesSaved, delivery: options.delivery });
      if (!chosen) return { status: 'declined' };
      // The token VS Code keeps is replaced in VS Code: its replacement must be saved too.
      const delivery: Delivery = replacesSaved && chosen === 'clipboard' ? 'both' : chosen;
      const created = await this.#create(connection, request, { kind: 'creating', name: request.name, replacing: old.name });
      if ('failed' in created) return created.failed;
      const delivered = await this.#deliver(connection, created, delivery);
      const replacement = withoutValue(created);
      this.deps.logger.info(`Rotation of access token ${old.id}: created ${replacement.id}`);
      if (!isKept(delivered, replacesSaved)) return { status: 'notKept', replacement, delivered };
      const oldDeletion: DeleteOutcome = options.keepOld ? { status: 'declined' } : await this.delete(connection, old, { replacement });
      return { status: 'rotated', replacement, delivered, oldDeletion };
    } finally {
      this.#creating = false;
    }
  }

  /**
   * A new key whose value goes only into a CI secret: one consent modal (which names the
   * repository, the secret, the scopes and the expiry), then create, then `store`. The value is
   * never copied, saved in VS Code, returned or logged. When `store` fails the new key is deleted
   * at once without asking — the one deletion without a yes (SECURITY.md): nobody has seen its
   * value, so nothing can be using it, and keeping it would leave a live credential nobody holds.
   */
  async generateForCi(connection: Connection, request: TokenRequest, target: CiSecretTarget, store: StoreSecret): Promise<CiGenerateOutcome> {
    if (this.#creating) return { status: 'busy' };
    this.#creating = true;
    try {
      if (!(await this.deps.consent.confirmGenerateForCi({ connection, request, target }))) return { status: 'declined' };
      return await this.#createIntoCi(connection, request, target, store, { kind: 'creating', name: request.name });
    } finally {
      this.#creating = false;
    }
  }

  /**
   * Rotation of a key kept in a CI secret: the replacement goes into the same secret; only once
   * it is there is deleting the old key offered (its own modal). A replacement that could not be
   * stored is deleted as in `generateForCi`, and the old key stays as it was. `stored` runs once the
   * secret holds the replacement and before the offer: where each key lives is known while the
   * user decides (a failure there is logged; the secret is stored either way).
   */
  async rotateForCi(
    connection: Connection,
    old: AccessToken,
    request: TokenRequest,
    target: CiSecretTarget,
    store: StoreSecret,
    stored: (replacement: AccessToken) => Promise<void> = async () => undefined,
  ): Promise<CiRotateOutcome> {
    if (this.#creating) return { status: 'busy' };
    this.#creating = true;
    let outcome: CiGenerateOutcome;
    try {
      if (!(await this.deps.consent.confirmRotateForCi({ connection, old, request, target }))) return { status: 'declined' };
      outcome = await this.#createIntoCi(connection, request, target, store, { kind: 'creating', name: request.name, replacing: old.name });
    } finally {
      this.#creating = false;
    }
    if (outcome.status !== 'stored') return outcome;
    this.deps.logger.info(`Rotation of access token ${old.id} in CI secret ${target.secretName} of ${target.repository}: created ${outcome.token.id}`);
    await stored(outcome.token).catch((error: unknown) => this.deps.logger.warn(`After storing ${outcome.token.id}: ${String(error)}`));
    const oldDeletion = await this.delete(connection, old, { replacement: outcome.token });
    return { status: 'rotated', replacement: outcome.token, oldDeletion };
  }

  async #createIntoCi(connection: Connection, request: TokenRequest, target: CiSecretTarget, store: StoreSecret, step: ProgressStep): Promise<CiGenerateOutcome> {
    const created = await this.#create(connection, request, step);
    if ('failed' in created) return created.failed;
    const token = withoutValue(created);
    try {
      await store(created.value);
      this.deps.logger.info(`Stored access token ${token.id} as CI secret ${target.secretName} of ${target.repository}${target.environment ? ` (environment ${target.environment})` : ''}`);
      return { status: 'stored', token };
    } catch (error) {
      this.deps.logger.error(`Storing access token ${token.id} as CI secret ${target.secretName} of ${target.repository} failed: ${error instanceof Error ? error.message : String(error)}; deleting it`);
      const gone = await this.#deleteOnServer(connection, token);
      const cleanup = gone === 'deleted' || gone === 'alreadyGone' ? gone : { error: gone.status === 'failed' ? gone.error : undefined };
      return { status: 'notStored', token, error, cleanup };
    }
  }

  /**
   * The options only change what the dialog says: why the deletion is offered now. VS Code's copy
   * goes too only when the dialog said so and it is still the copy the dialog named (compared by
   * digest after the answer: another window may have saved another token meanwhile).
   */
  async delete(connection: Connection, token: AccessToken, options: { replacement?: AccessToken; afterForgetting?: boolean } = {}): Promise<DeleteOutcome> {
    const key = `${connection.id}/${token.id}`;
    if (this.#deleting.has(key)) return { status: 'busy' };
    this.#deleting.add(key);
    try {
      const saved = await this.deps.connections.savedTokenSnapshot(connection.id);
      const named = saved?.info.id === token.id ? saved : undefined;
      const grants = this.deps.grants.forToken(connection.id, token.id);
      const grantNames = grants.length ? grants.map((g) => g.accountLabel) : undefined;
      if (!(await this.deps.consent.confirmDelete({ connection, token, isSaved: !!named, grantNames, ...options }))) return { status: 'declined' };
      const gone = await this.#deleteOnServer(connection, token);
      if (gone !== 'deleted' && gone !== 'alreadyGone') return gone;
      this.deps.logger.info(`Deleted access token ${token.id}${gone === 'alreadyGone' ? ' (it was already gone)' : ''}`);
      // The grants the dialog named (by key id): a grant made since for another key is not touched.
      await this.deps.grants.forget(grants.map((g) => g.id)).catch((error: unknown) => this.deps.logger.warn(`Forgetting the grants of ${token.id} failed: ${String(error)}`));
      await this.deps.ciSecrets.forget(connection.id, token.id).catch((error: unknown) => this.deps.logger.warn(`Forgetting where ${token.id} was stored failed: ${String(error)}`));
      if (!named) return { status: gone, token };
      try {
        const forgotten = await this.deps.connections.forgetSavedToken(connection.id, { onlyIf: named.digest });
        return forgotten ? { status: gone, token } : { status: gone, token, savedTokenChanged: true };
      } catch (savedCopyError) {
        return { status: gone, token, savedCopyError };
      }
    } finally {
      this.#deleting.delete(key);
    }
  }

  /**
   * Signs out and forgets the saved token, which nothing could reach without its connection.
   * Nothing happens when another token was saved while the dialog was open: it was not named.
   */
  async signOut(connection: Connection): Promise<SignOutOutcome> {
    const saved = await this.deps.connections.savedTokenSnapshot(connection.id);
    const grantNames = this.deps.grants.ofConnection(connection.id).map((g) => g.accountLabel);
    if (!(await this.deps.consent.confirmSignOut({ connection, savedTokenName: saved?.info.name, grantNames: grantNames.length ? grantNames : undefined }))) return { status: 'declined' };
    const result = await this.deps.connections.signOut(connection.id, { onlyIfSavedToken: saved?.digest });
    if (result === 'savedTokenChanged') return { status: 'savedTokenChanged' };
    // Without the connection nothing could list, use or delete them: they go with it (the keys stay valid on the server).
    await this.deps.grants.forgetConnection(connection.id);
    this.deps.logger.info(`Signed out of ${connection.serverUrl} (organization ${connection.organization})`);
    return { status: 'signedOut', forgotSavedToken: !!saved };
  }

  /**
   * The saved token's value, for the purpose the user was asked about. The modal names the token
   * and where its value goes; nothing is handed out until the user said yes, and the token is
   * read again afterwards so that what is handed out is what the user agreed to: a token replaced
   * meanwhile (another window) is asked about anew, by the name it has now.
   */
  async revealSavedToken(connection: Connection, purpose: RevealPurpose): Promise<RevealOutcome> {
    let asked: SavedTokenInfo | undefined;
    try {
      asked = await this.deps.connections.savedTokenInfo(connection.id);
      while (asked) {
        if (!(await this.deps.consent.confirmTerminal({ ...purpose, connection, savedTokenName: asked.name }))) return { status: 'declined' };
        const token = await this.deps.connections.savedToken(connection.id);
        if (token?.id === asked.id) {
          this.deps.logger.info(`Saved token ${token.id} handed to a ${purpose.kind} (${purpose.tokenVariable}) for ${connection.serverUrl} (organization ${connection.organization})`);
          return { status: 'revealed', token };
        }
        asked = token && { id: token.id, name: token.name };
      }
    } catch (error) {
      return { status: 'failed', error };
    }
    return { status: 'none' };
  }

  /** The saved token's id and name, for what a dialog says; a keyring that fails counts as none saved. */
  #savedInfo(connection: Connection): Promise<SavedTokenInfo | undefined> {
    return this.deps.connections.savedTokenInfo(connection.id).catch(() => undefined);
  }

  /**
   * A create whose answer was lost may or may not have happened: the list, refreshed, says which.
   * It is never retried behind the user's back (a retry could make a second token).
   */
  async #create(
    connection: Connection,
    request: TokenRequest,
    step: ProgressStep,
  ): Promise<CreatedAccessToken | { failed: GenerateOutcome & { status: 'failed' } }> {
    const model = this.deps.lists.get(connection.id);
    try {
      const created = await this.deps.showProgress(step, (signal) => model.create(request, signal));
      this.deps.logger.info(`Created access token ${created.id} ("${created.name}")`);
      return created;
    } catch (error) {
      this.deps.logger.error(`Creating access token "${request.name}" failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!isApiError(error, 'network', 'timeout', 'server')) return { failed: { status: 'failed', error } };
      // The answer was lost on the way: whether the token exists is for the list to say.
      const createdAnyway = await model.refresh().then(
        () => model.tokens.some((t) => t.name === request.name),
        () => undefined,
      );
      return { failed: { status: 'failed', error, createdAnyway } };
    }
  }

  async #deleteOnServer(connection: Connection, token: AccessToken): Promise<'deleted' | 'alreadyGone' | DeleteOutcome> {
    const model = this.deps.lists.get(connection.id);
    try {
      await model.delete(token);
      return 'deleted';
    } catch (error) {
      if (!isApiError(error, 'notFound')) return { status: 'failed', error };
      // Someone (another window, the web app) deleted it first: show the truth.
      model.removeLocally(token);
      void model.refresh().catch(() => undefined);
      return 'alreadyGone';
    }
  }

  /** Puts a new value where the user said; with the keyring gone, offers the clipboard instead. */
  async #deliver(connection: Connection, created: CreatedAccessToken, delivery: Delivery): Promise<Delivered> {
    const delivered: Delivered = { copied: false, saved: false };
    let copy = delivery !== 'secretStorage';
    if (delivery !== 'clipboard') {
      try {
        const savedAt = this.deps.clock.now().toISOString();
        await this.deps.connections.saveToken(connection.id, savedTokenOf(created, savedAt));
        delivered.saved = true;
      } catch (error) {
        this.deps.logger.error(`Saving token ${created.id} failed: ${error instanceof Error ? error.message : String(error)}`);
        delivered.saveError = error;
        copy ||= await this.deps.consent.confirmCopyInstead(withoutValue(created), error);
      }
    }
    if (copy) {
      await this.deps.clipboard.copy(created.value);
      delivered.copied = true;
    }
    return delivered;
  }
}

/** The replacement is usable: saved where it had to replace the saved one, else copied or saved. */
function isKept(delivered: Delivered, replacesSaved: boolean): boolean {
  return replacesSaved ? delivered.saved : delivered.saved || delivered.copied;
}

function savedTokenOf(created: CreatedAccessToken, savedAt: string): SavedToken {
  return {
    id: created.id,
    name: created.name,
    value: created.value,
    savedAt,
    ...(created.scopes ? { scopes: [...created.scopes] } : {}),
    ...(created.expiresAt !== undefined ? { expiresAt: created.expiresAt?.toISOString() ?? null } : {}),
  };
}

function withoutValue(created: CreatedAccessToken): AccessToken {
  const { value: _value, ...metadata } = created;
  return metadata;
}
