/**
 * Rotation of a key kept in a GitHub Actions secret: the replacement goes into the same secret
 * (sealed, as when it was generated), and only then is deleting the old key offered. A secret
 * changed on GitHub after this extension set it is reported, and replaced only when the user says so.
 */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import type { AccessToken, TokenRequest } from '../../core/api/accessToken';
import { dialectOf } from '../../core/dialects';
import type { CiSecretRecord } from '../../core/ci/ciSecretRecords';
import type { SecretPlace } from '../../core/ci/githubActionsClient';
import { repositoryLabel } from '../../core/ci/githubRepository';
import type { Connection } from '../../core/connections/connection';
import type { CiRotateOutcome } from '../../core/tokens/tokenOperations';
import { plainText } from '../../core/util/untrustedText';
import { prepare, reportNotStored } from './generateForGitHubActions';
import { connectGitHub } from './githubConnection';
import { afterStored } from './storeInGitHub';

type Deps = Pick<Container, 'connections' | 'lists' | 'operations' | 'prompter' | 'logger' | 'platform' | 'ciSecrets' | 'createGitHubClient'>;

/** What rotation asks besides the secret: the replacement's request (name, scopes, expiry); undefined when cancelled. */
export type ReplacementRequest = () => Promise<TokenRequest | undefined>;

export async function rotateInGitHubActions(
  deps: Deps,
  connection: Connection,
  old: AccessToken,
  record: CiSecretRecord,
  replacementRequest: ReplacementRequest,
): Promise<CiRotateOutcome | undefined> {
  const github = await connectGitHub(deps, record.repository);
  if (!github) return undefined;
  const place: SecretPlace = { repository: record.repository, name: record.secretName, environment: record.environment };
  const prepared = await prepare(deps, github, place);
  if (!prepared) return undefined;
  if (prepared.existingSetAt && Date.parse(prepared.existingSetAt) > Date.parse(record.setAt) && !(await replaceChangedSecret(deps, place, record, prepared.existingSetAt))) return undefined;
  const request = await replacementRequest();
  if (!request) return undefined;
  const names = dialectOf(connection.generation).ci;
  const target = {
    repository: repositoryLabel(record.repository),
    secretName: record.secretName,
    environment: record.environment,
    variables: [names.serverVariable, names.organizationVariable],
    replacesSetAt: prepared.existingSetAt,
  };
  const storeSecret = (value: string, signal?: AbortSignal) => github.client.putSecret(place, prepared.key, value, signal);
  // Before deleting the old key is offered: the record, the variables and the notification follow the secret.
  const stored = async (replacement: AccessToken) => {
    await deps.ciSecrets.forget(connection.id, old.id);
    await afterStored(deps, connection, github.client, place, replacement, names, undefined);
  };
  const outcome = await deps.operations.rotateForCi(connection, old, request, target, storeSecret, stored);
  if (outcome.status === 'notStored') reportNotStored(deps, place, outcome.token.name, outcome.error, outcome.cleanup);
  return outcome;
}

async function replaceChangedSecret(deps: Pick<Container, 'prompter'>, place: SecretPlace, record: CiSecretRecord, changedAt: string): Promise<boolean> {
  const replace = vscode.l10n.t('Replace It');
  const when = (iso: string) => new Date(iso).toLocaleString(vscode.env.language);
  const answer = await deps.prompter.modal(
    'warning',
    vscode.l10n.t('The secret {0} of {1} was changed on GitHub after this extension set it.', plainText(place.name), plainText(repositoryLabel(place.repository))),
    vscode.l10n.t('It was set here on {0} and changed on {1} by someone or something else, so it may no longer hold this key. Rotating replaces its value with the new key.', when(record.setAt), when(changedAt)),
    [replace],
  );
  return answer === replace;
}
