/**
 * After the key is in the secret: the Actions variables (server address and organization), what
 * this extension remembers (metadata only), and the notification with what to do next.
 */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import type { AccessToken } from '../../core/api/accessToken';
import type { CiNames } from '../../core/dialects/dialect';
import type { GitHubActionsClient, SecretPlace } from '../../core/ci/githubActionsClient';
import { repositoryLabel, secretsPageUrl } from '../../core/ci/githubRepository';
import type { Connection } from '../../core/connections/connection';
import { plainText } from '../../core/util/untrustedText';
import { githubFailureText } from './githubConnection';
import { hasCodeThreatWorkflow, openWorkflow, workflowText } from './workflowTemplate';

type Deps = Pick<Container, 'prompter' | 'logger' | 'ciSecrets' | 'platform'>;

export async function afterStored(
  deps: Deps,
  connection: Connection,
  client: GitHubActionsClient,
  place: SecretPlace,
  token: AccessToken,
  names: CiNames,
  root: vscode.Uri | undefined,
): Promise<void> {
  const { repository } = place;
  const label = repositoryLabel(repository);
  let variablesFailed: unknown;
  try {
    await client.setVariable(repository, names.serverVariable, connection.serverUrl);
    await client.setVariable(repository, names.organizationVariable, connection.organization);
  } catch (error) {
    variablesFailed = error;
    deps.logger.error(`Setting the Actions variables of ${label} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  // GitHub's own time of the change, so that a later change made elsewhere is told apart from ours.
  const setAt = (await client.secretUpdatedAt(place).catch(() => undefined)) ?? deps.platform.clock.now().toISOString();
  await deps.ciSecrets.set(connection.id, token.id, { repository, secretName: place.name, environment: place.environment, setAt });
  if (variablesFailed) {
    void deps.prompter.notify(
      'warning',
      `${vscode.l10n.t('The key is in the secret {0}, but the Actions variables {1} and {2} could not be set:', plainText(place.name), plainText(names.serverVariable), plainText(names.organizationVariable))} ${githubFailureText(repository, variablesFailed)}`,
    );
  }
  const openSecrets = vscode.l10n.t("Open the Repository's Secrets");
  const addWorkflow = vscode.l10n.t('Add a Workflow…');
  const actions = root && !(await hasCodeThreatWorkflow(root)) ? [openSecrets, addWorkflow] : [openSecrets];
  const message = place.environment
    ? vscode.l10n.t('Access token "{0}" is now the secret {1} of the environment "{2}" in {3}.', plainText(token.name), plainText(place.name), plainText(place.environment), plainText(label))
    : vscode.l10n.t('Access token "{0}" is now the secret {1} of {2}.', plainText(token.name), plainText(place.name), plainText(label));
  void deps.prompter.notify('info', message, ...actions).then(async (action) => {
    if (action === openSecrets) await vscode.env.openExternal(vscode.Uri.parse(secretsPageUrl(repository)));
    if (action === addWorkflow) await openWorkflow(root, workflowText(connection.generation, place.name, place.environment));
  });
}
