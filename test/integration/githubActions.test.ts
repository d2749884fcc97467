import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEMO_ORGANIZATION, DEMO_ORGANIZATION_SLUG, DEMO_USERNAME } from '../emulator/emulator';
import { startGitHubImitation, type RunningGitHubImitation } from '../emulator/github/githubImitation';
import { filesBelow } from '../support/files';
import { eventually, useExtensionHarness, type TestContext } from './support/harness';

const COMMAND = 'codethreat.ci.generateForGitHubActions';
const GENERATE = 'Generate and Store in GitHub';

interface FixtureExports {
  token: string;
  requests: { provider: string; kind: string; scopes: string[] }[];
  clearRequests(): void;
}

/** The GitHub imitation as a GitHub Enterprise Server, and a git clone whose remotes are on it. */
function useGitHub() {
  const context = {} as { github: RunningGitHubImitation; fixture: FixtureExports; clone: string };
  suiteSetup(async function () {
    this.timeout(60_000);
    context.github = await startGitHubImitation();
    const fixture = vscode.extensions.getExtension<FixtureExports>('codethreat-tests.github-auth-fixture');
    assert.ok(fixture, 'the GitHub sign-in fixture is installed');
    context.fixture = await fixture.activate();
    await vscode.workspace.getConfiguration('github-enterprise').update('uri', context.github.url, vscode.ConfigurationTarget.Global);
    context.clone = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-clone-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: context.clone });
    git('init', '-q');
    git('remote', 'add', 'origin', `${context.github.url}/acme/webapp.git`);
    git('remote', 'add', 'upstream', `ssh://git@${new URL(context.github.url).host}/acme/readonly.git`);
    const extension = vscode.extensions.getExtension<{ getAPI(v: 1): { openRepository(root: vscode.Uri): Promise<unknown>; repositories: { state: { remotes: unknown[] } }[] } }>('vscode.git');
    assert.ok(extension, 'the built-in Git extension');
    // The clone is outside the workspace: VS Code 1.100's Git extension opens such a repository
    // only with this setting.
    await vscode.workspace.getConfiguration('git').update('openRepositoryInParentFolders', 'always', vscode.ConfigurationTarget.Global);
    const api = (await extension.activate()).getAPI(1);
    // Opened once the Git extension has found its git (1.100 answers null before that).
    await eventually(async () => (await api.openRepository(vscode.Uri.file(context.clone))) !== null, 'the Git extension opening the clone');
    await eventually(() => api.repositories.some((r) => r.state.remotes.length === 2), 'the clone and its remotes in the Git extension');
  });
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('github-enterprise').update('uri', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('git').update('openRepositoryInParentFolders', undefined, vscode.ConfigurationTarget.Global);
    await context.github.close();
  });
  setup(() => {
    context.github.reset();
    context.github.addToken(context.fixture.token, { 'acme/webapp': 'admin', 'acme/readonly': 'read' });
    context.fixture.clearRequests();
  });
  return context;
}

/** GitHub requests that change something. */
function githubWrites(github: RunningGitHubImitation) {
  return github.requests.filter((r) => r.method !== 'GET');
}

/** The value is nowhere but in the secret: not copied, not in a message, state, log or file. */
function assertValueNowhere(t: TestContext, value: string): void {
  assert.equal(t.clipboard.writes, 0, 'nothing copied');
  for (const n of t.prompter.notifications) assert.ok(!n.message.includes(value), `notification leaks: ${n.message}`);
  for (const m of t.prompter.modals) assert.ok(!`${m.message}${m.detail}`.includes(value), 'modal leaks');
  assert.ok(!JSON.stringify(t.hooks.stateDump()).includes(value), 'state leaks');
  const logsRoot = path.dirname(path.dirname(t.hooks.logUri.fsPath));
  const files = [...filesBelow(logsRoot), ...(process.env.TMPDIR ? filesBelow(process.env.TMPDIR).filter((f) => !f.includes(`${path.sep}vscode${path.sep}`)) : [])];
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'latin1');
    } catch {
      continue;
    }
    assert.ok(!text.includes(value), `${file} contains the key`);
  }
}

suite('Generate Key for GitHub Actions (classic server)', () => {
  const t = useExtensionHarness();
  const gh = useGitHub();
  const token = (name: string) => t.emulator.tokensOf(DEMO_USERNAME).find((r) => r.name === name);

  test('from the palette: remote pick, one modal naming repository, secret, scope and expiry; the secret GitHub opens is the new key; variables set', async () => {
    await t.signInDemo();
    t.emulator.clearRequests();
    t.script(
      { pick: 'acme/webapp', title: /GitHub Actions/ },
      { input: 'CI webapp' },
      { input: 'ACCESS_TOKEN', prompt: /secret/ },
      { pick: 'Repository secret' },
      { modal: GENERATE, message: /^Generate the access token "CI webapp" for acme on .* and store it as the GitHub Actions secret ACCESS_TOKEN of acme\/webapp\?$/ },
    );
    const result = await vscode.commands.executeCommand<{ id: string }>(COMMAND);
    const record = token('CI webapp');
    assert.ok(record, `created: ${t.prompter.messages().join(' / ')}`);
    assert.deepEqual(result, { id: record.id, name: 'CI webapp', repository: 'acme/webapp', secretName: 'ACCESS_TOKEN' });
    assert.equal(gh.github.secret('acme/webapp', 'ACCESS_TOKEN')?.plaintext, record.value, 'the opened sealed box is the key CodeThreat made');
    assert.equal(gh.github.variable('acme/webapp', 'CT_SERVER'), t.emulator.url);
    assert.equal(gh.github.variable('acme/webapp', 'ORGNAME'), DEMO_ORGANIZATION);
    assert.equal(t.prompter.modals.length, 1, 'exactly one modal');
    assert.match(t.prompter.modals[0].detail, /repository secret ACCESS_TOKEN of acme\/webapp/);
    assert.match(t.prompter.modals[0].detail, /CT_SERVER, ORGNAME/);
    assert.deepEqual(gh.fixture.requests.at(-1)?.scopes, ['repo'], 'the least scope that writes Actions secrets');
    assert.equal(await t.hooks.container.connections.savedToken(t.hooks.container.connections.active!.id), undefined, 'not kept in VS Code');
    const done = t.prompter.notifications.find((n) => n.severity === 'info')!;
    assert.equal(done.message, 'Access token "CI webapp" is now the secret ACCESS_TOKEN of acme/webapp.');
    assert.deepEqual(done.actions, ["Open the Repository's Secrets", 'Add a Workflow…'], 'no workflow in the clone uses CodeThreat yet');
    assert.deepEqual(
      gh.github.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
      [
        'GET /repos/acme/webapp/actions/secrets/public-key 200',
        'GET /repos/acme/webapp/actions/secrets/ACCESS_TOKEN 404',
        'PUT /repos/acme/webapp/actions/secrets/ACCESS_TOKEN 201',
        'PATCH /repos/acme/webapp/actions/variables/CT_SERVER 404',
        'POST /repos/acme/webapp/actions/variables 201',
        'PATCH /repos/acme/webapp/actions/variables/ORGNAME 404',
        'POST /repos/acme/webapp/actions/variables 201',
        'GET /repos/acme/webapp/actions/secrets/ACCESS_TOKEN 200',
      ],
    );
    assert.deepEqual(t.emulator.requests.map((r) => `${r.method} ${r.path}`), ['POST /api/accesstoken/add']);
    assert.ok(gh.github.requests.every((r) => r.authorization === `Bearer ${gh.fixture.token}`), 'the GitHub token goes to GitHub');
    assert.ok(t.emulator.requests.every((r) => !r.credentials.includes(gh.fixture.token)), 'and never to CodeThreat');
    assertValueNowhere(t, record.value);
  });

  test('"Add a Workflow…" opens an untitled codethreat.yml from the action\'s example, reading the secret and variables set', async () => {
    await t.signInDemo();
    t.script({ modal: GENERATE });
    t.prompter.onNotify = (n) => (n.actions.includes('Add a Workflow…') ? 'Add a Workflow…' : undefined);
    await vscode.commands.executeCommand(COMMAND, { repository: 'acme/webapp', name: 'CI wf', secretName: 'CT_KEY' });
    await eventually(() => vscode.window.activeTextEditor?.document.uri.path.endsWith('/.github/workflows/codethreat.yml') === true, 'the workflow editor');
    const document = vscode.window.activeTextEditor!.document;
    await eventually(() => document.getText().includes('CodeThreat/codethreat-scan-action@master'), 'the example in it');
    assert.equal(document.uri.scheme, 'untitled', 'not written to disk until saved');
    assert.equal(document.isUntitled, true);
    assert.match(document.getText(), /ACCESS_TOKEN: \$\{\{ secrets\.CT_KEY \}\}/);
    assert.match(document.getText(), /CT_SERVER: \$\{\{ vars\.CT_SERVER \}\}/);
    assert.ok(!fs.existsSync(path.join(gh.clone, '.github')), 'nothing written to the clone');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('no access to the repository: one sentence, nothing created, nothing sent to GitHub but the check', async () => {
    await t.signInDemo();
    t.emulator.clearRequests();
    t.script();
    const result = await vscode.commands.executeCommand(COMMAND, { repository: 'acme/readonly', name: 'never', secretName: 'ACCESS_TOKEN' });
    assert.equal(result, undefined);
    assert.deepEqual(t.prompter.messages('error'), ['You need admin or secrets write access to acme/readonly.']);
    assert.deepEqual(t.emulator.requests.map((r) => `${r.method} ${r.path}`).filter((r) => !r.startsWith('GET')), [], 'nothing created on CodeThreat');
    assert.deepEqual(githubWrites(gh.github), []);
    assert.equal(t.prompter.modals.length, 0);
  });

  test('GitHub does not store the secret: the new key is deleted at once and the user is told', async () => {
    await t.signInDemo();
    gh.github.fault({ method: 'PUT', path: /\/actions\/secrets\//, status: 500 });
    t.script({ modal: GENERATE });
    const result = await vscode.commands.executeCommand(COMMAND, { repository: 'acme/webapp', name: 'unstored', secretName: 'ACCESS_TOKEN' });
    assert.equal(result, undefined);
    assert.equal(token('unstored'), undefined, 'the unseen key is gone');
    assert.equal(t.emulator.countRequests({ method: 'DELETE' }), 1);
    assert.match(t.prompter.messages('error')[0], /^GitHub did not store the secret ACCESS_TOKEN of acme\/webapp \(.*\), so the new key "unstored" was deleted at once: nobody has seen it\. Nothing changed\.$/);
    assert.equal(gh.github.secret('acme/webapp', 'ACCESS_TOKEN'), undefined);
    assert.equal(t.prompter.modals.length, 1, 'the deletion asked nothing (SECURITY.md)');
    assert.equal(t.clipboard.writes, 0, 'nor was the value copied instead');
  });

  test('rotate: the replacement goes into the same secret, then deleting the old key is offered', async () => {
    await t.signInDemo();
    t.script({ modal: GENERATE });
    const first = await vscode.commands.executeCommand<{ id: string }>(COMMAND, { repository: 'acme/webapp', name: 'CI', secretName: 'ACCESS_TOKEN' });
    gh.github.clearRequests();
    t.emulator.clearRequests();
    const connectionId = t.hooks.container.connections.active!.id;
    let whileOffered: { replacement?: string; old?: string } = {};
    t.script(
      { modal: 'Rotate and Update GitHub', message: /^Rotate the access token "CI" on acme on .* and store the replacement in the GitHub Actions secret ACCESS_TOKEN of acme\/webapp\?$/ },
      {
        modal: 'Delete',
        message: /^Delete the access token "CI"\?$/,
        // While the user decides, the view already says where each key lives.
        whileOpen: async () => {
          const records = t.hooks.container.ciSecrets;
          whileOffered = { replacement: records.get(connectionId, token('CI (rotated)')?.id ?? '')?.secretName, old: records.get(connectionId, first.id)?.secretName };
        },
      },
    );
    const result = await vscode.commands.executeCommand<{ newId: string; oldDeleted: boolean }>('codethreat.tokens.rotate', { id: first.id, name: 'CI (rotated)' });
    const replacement = token('CI (rotated)')!;
    assert.ok(replacement, t.prompter.messages().join(' / '));
    assert.equal(gh.github.secret('acme/webapp', 'ACCESS_TOKEN')?.plaintext, replacement.value, 'the secret holds the replacement');
    assert.equal(token('CI'), undefined, 'the old key was deleted after the yes');
    assert.deepEqual(result, { oldId: first.id, newId: replacement.id, newName: 'CI (rotated)', oldDeleted: true });
    assert.match(t.prompter.modals[1].detail, /replacement "CI \(rotated\)" is ready/);
    assert.deepEqual(whileOffered, { replacement: 'ACCESS_TOKEN', old: undefined }, 'the record moved to the replacement before deleting the old key was offered');
    assert.deepEqual(
      t.emulator.requests.map((r) => `${r.method} ${r.path}`),
      ['POST /api/accesstoken/add', `DELETE /api/accesstoken/${first.id}`],
    );
    assert.deepEqual(
      gh.github.requests.filter((r) => r.path.includes('/secrets/')).map((r) => `${r.method} ${r.status}`),
      ['GET 200', 'GET 200', 'PUT 204', 'GET 200'],
      'public key, the secret\'s time, the new value, its new time',
    );
    assert.equal(t.hooks.container.ciSecrets.get(t.hooks.container.connections.active!.id, replacement.id)?.secretName, 'ACCESS_TOKEN');
    assert.equal(t.hooks.container.ciSecrets.get(t.hooks.container.connections.active!.id, first.id), undefined);
    assertValueNowhere(t, replacement.value);
  });

  test('rotate: a secret changed on GitHub since is reported and replaced only on a yes', async () => {
    await t.signInDemo();
    t.script({ modal: GENERATE });
    const first = await vscode.commands.executeCommand<{ id: string }>(COMMAND, { repository: 'acme/webapp', name: 'CI', secretName: 'ACCESS_TOKEN' });
    gh.github.setSecretOutside('acme/webapp', 'ACCESS_TOKEN', 'set by someone else');
    t.emulator.clearRequests();
    t.script({ modal: undefined, message: /^The secret ACCESS_TOKEN of acme\/webapp was changed on GitHub after this extension set it\.$/ });
    assert.equal(await vscode.commands.executeCommand('codethreat.tokens.rotate', { id: first.id, name: 'CI 2' }), undefined);
    assert.equal(gh.github.secret('acme/webapp', 'ACCESS_TOKEN')?.plaintext, 'set by someone else', 'not overwritten');
    assert.equal(t.emulator.countRequests({ method: 'POST' }), 0, 'nothing created');
    t.script({ modal: 'Replace It' }, { modal: 'Rotate and Update GitHub' }, { modal: undefined });
    await vscode.commands.executeCommand('codethreat.tokens.rotate', { id: first.id, name: 'CI 2' });
    assert.equal(gh.github.secret('acme/webapp', 'ACCESS_TOKEN')?.plaintext, token('CI 2')?.value);
    assert.ok(token('CI'), 'the old key stays: its deletion was declined');
  });

  test('a workspace cannot name the GitHub Enterprise Server: only the user\'s github-enterprise.uri counts', async () => {
    await t.signInDemo();
    const settings = vscode.workspace.getConfiguration('github-enterprise');
    await settings.update('uri', undefined, vscode.ConfigurationTarget.Global);
    await settings.update('uri', gh.github.url, vscode.ConfigurationTarget.Workspace);
    try {
      t.script({ cancel: true });
      assert.equal(await vscode.commands.executeCommand(COMMAND), undefined);
      assert.deepEqual(t.prompter.picks[0].labels, ['Type owner/repo…'], 'the remotes on the workspace-named server are not GitHub');
      assert.equal(gh.github.requests.length, 0);
    } finally {
      await settings.update('uri', undefined, vscode.ConfigurationTarget.Workspace);
      await settings.update('uri', gh.github.url, vscode.ConfigurationTarget.Global);
    }
  });

  test('cancel at every step: nothing created on CodeThreat, nothing written to GitHub', async () => {
    await t.signInDemo();
    const answers = [{ pick: 'acme/webapp' }, { input: 'cancelled' }, { input: 'ACCESS_TOKEN' }, { pick: 'Environment secret…' }, { input: 'production' }, { modal: undefined }] as const;
    for (let step = 0; step < answers.length; step++) {
      t.emulator.clearRequests();
      gh.github.clearRequests();
      t.script(...answers.slice(0, step), { cancel: true });
      assert.equal(await vscode.commands.executeCommand(COMMAND), undefined);
      assert.equal(t.prompter.remainingSteps, 0, `step ${step} was asked`);
      assert.equal(t.emulator.countRequests({ method: 'POST' }), 0, `step ${step}: nothing created`);
      assert.deepEqual(githubWrites(gh.github), [], `step ${step}: nothing written to GitHub`);
      if (step === 0) assert.equal(gh.github.requests.length, 0, 'before the repository is chosen GitHub hears nothing');
    }
    assert.equal(token('cancelled'), undefined);
  });
});

suite('Generate Key for GitHub Actions (AppSec platform)', () => {
  const t = useExtensionHarness();
  const gh = useGitHub();
  const key = (name: string) => t.emulator.apiKeysOf(DEMO_USERNAME).find((k) => k.name === name);

  test('"Scan in CI" and 90 days offered first; the AppSec names; the opened secret is the key the platform made', async () => {
    await t.signInAppsec();
    t.emulator.clearRequests();
    t.script(
      { pick: 'acme/webapp' },
      { input: 'CI appsec' },
      { pick: 'Scan in CI' },
      { pick: '90 days' },
      { input: 'CODETHREAT_API_KEY', prompt: /secret/ },
      { pick: 'Repository secret' },
      { modal: GENERATE, message: /secret CODETHREAT_API_KEY of acme\/webapp\?$/ },
    );
    await vscode.commands.executeCommand(COMMAND);
    const record = key('CI appsec');
    assert.ok(record, `created: ${t.prompter.messages().join(' / ')}`);
    assert.deepEqual([...record.scopes].sort(), ['repository:read', 'scan:write']);
    assert.equal(t.prompter.picks[1].labels[0], 'Scan in CI');
    assert.equal(t.prompter.picks[2].labels[0], '90 days');
    assert.equal(t.prompter.inputs.find((i) => /secret/.test(i.prompt))?.value, 'CODETHREAT_API_KEY', 'prefilled from the dialect');
    assert.match(t.prompter.modals[0].detail, /Scopes: .*scan:write/);
    assert.match(t.prompter.modals[0].detail, /It expires on /);
    assert.equal(gh.github.secret('acme/webapp', 'CODETHREAT_API_KEY')?.plaintext, record.value);
    assert.equal(gh.github.variable('acme/webapp', 'CODETHREAT_SERVER_URL'), t.emulator.url);
    assert.equal(gh.github.variable('acme/webapp', 'CODETHREAT_ORG_SLUG'), DEMO_ORGANIZATION_SLUG);
    assertValueNowhere(t, record.value);
  });

  test('rotate: the replacement keeps the scopes, gets 90 days, and goes into the same secret', async () => {
    await t.signInAppsec();
    t.script({ modal: GENERATE });
    const first = await vscode.commands.executeCommand<{ id: string }>(COMMAND, { repository: 'acme/webapp', name: 'CI', secretName: 'CODETHREAT_API_KEY', scopes: ['scan:write', 'repository:read'], expiresInDays: 30 });
    t.script({ modal: 'Rotate and Update GitHub' }, { modal: 'Delete' });
    await vscode.commands.executeCommand('codethreat.tokens.rotate', { id: first.id, name: 'CI next' });
    const replacement = key('CI next')!;
    assert.deepEqual([...replacement.scopes].sort(), ['repository:read', 'scan:write']);
    assert.equal(gh.github.secret('acme/webapp', 'CODETHREAT_API_KEY')?.plaintext, replacement.value);
    assert.equal(key('CI')?.status, 'revoked');
  });

  test('the view says where the key lives; its tooltip when it was set, and that Rotate updates the repository when it expires soon', async () => {
    await t.signInAppsec();
    t.script({ modal: GENERATE });
    const made = await vscode.commands.executeCommand<{ id: string }>(COMMAND, { repository: 'acme/webapp', name: 'CI soon', secretName: 'CODETHREAT_API_KEY', scopes: ['scan:write', 'repository:read'], expiresInDays: 3 });
    const tree = t.hooks.features.tokens.tree;
    let node: Awaited<ReturnType<typeof t.tokenNodes>>[number] | undefined;
    await eventually(async () => (node = (await t.tokenNodes()).find((n) => n.token.id === made.id)) !== undefined, 'the new key in the view');
    await eventually(() => /in GitHub Actions: acme\/webapp \(CODETHREAT_API_KEY\)/.test(String(tree.getTreeItem(node!).description)), 'the description naming the secret');
    const item = tree.getTreeItem(node!);
    const tooltip = (tree.resolveTreeItem(item, node!).tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /Stored as the GitHub Actions secret CODETHREAT\\_API\\_KEY of acme\\\/webapp on /, 'data escaped for Markdown');
    assert.match(tooltip, /This key expires soon\. .*Rotate also updates the secret CODETHREAT\\_API\\_KEY of acme\\\/webapp\./);
    assert.ok(!JSON.stringify(t.hooks.stateDump()).includes(key('CI soon')!.value), 'metadata only');
  });

  test('an environment secret goes to the environment, sealed with its own key', async () => {
    await t.signInAppsec();
    t.script({ modal: GENERATE });
    await vscode.commands.executeCommand(COMMAND, { repository: 'acme/webapp', name: 'CI prod', secretName: 'CODETHREAT_API_KEY', environment: 'production', scopes: ['scan:write', 'repository:read'], expiresInDays: 30 });
    const record = key('CI prod')!;
    assert.equal(gh.github.secret('acme/webapp', 'CODETHREAT_API_KEY', 'production')?.plaintext, record.value);
    assert.equal(gh.github.secret('acme/webapp', 'CODETHREAT_API_KEY'), undefined);
    assert.match(t.prompter.modals[0].detail, /environment "production"/);
  });
});
