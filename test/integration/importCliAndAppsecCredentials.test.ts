// Importing the credentials of CodeThreat's command-line tools and of the AppSec platform: the
// AppSec CLI's environment (CT_API_KEY…), the AppSec GitHub Action's secret names
// (CODETHREAT_API_KEY…), the AppSec CLI's ~/.codethreat/.credentials, ~/.codethreat/.env,
// ~/.codethreat/config.yml and ~/.codethreat.yml, a workspace's .env and .codethreat.yml (workspace
// sources, read in a trusted workspace only), and the classic CLI's ~/.codethreat_cli_config. Each source is checked for the same guarantees: offered, validated by
// the server named beside it and by no other, confirmed, warned about over plain http://, refused
// when the credential is revoked or expired or the organization is not its user's, and its
// plain-text copy removed on request, the credential only.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ApiGeneration } from '../../src/core/api/tokenApi';
import { findCredentials } from '../../src/features/import/credentialSources';
import { offerImport } from '../../src/features/import/importOffer';
import {
  DEMO_ORGANIZATION,
  DEMO_ORGANIZATION_SLUG,
  DEMO_PERSONAL_ORGANIZATION_SLUG,
  DEMO_USERNAME,
  OTHER_ORGANIZATION,
  OTHER_ORGANIZATION_SLUG,
  startEmulator,
  type RunningEmulator,
} from '../emulator/emulator';
import {
  appsecConfigYml,
  appsecCredentialsFile,
  appsecEnvFile,
  appsecLegacyYml,
  classicConfigFile,
  clearCliCredentials,
  modeOf,
  setEnvironment,
  workspaceCliYml,
  workspaceEnvFile,
  writeAppsecCredentials,
  writeClassicConfig,
  writeLines,
} from './support/cliFiles';
import { eventually, useExtensionHarness } from './support/harness';
import { ScriptedPrompter, type Step } from './support/scriptedPrompter';

const DAY = 24 * 60 * 60 * 1000;
const SAVED_AT = '2025-03-04T05:06:07.000Z';
const INSECURE_SERVER = 'http://codethreat.example.invalid';
/** The test workspace's folder. */
const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

interface ImportResult {
  connectionId: string;
  source: string;
  plaintextRemoved: boolean;
}

/** One place a credential is found, as the tests plant it. */
interface Source {
  title: string;
  /** How prompts name the source. */
  describe: RegExp;
  generation: ApiGeneration;
  /** Whether an organization can be named beside the credential. */
  namesOrganization: boolean;
  /** Environment variables: used read-only, never stored, nothing to remove. */
  readOnly: boolean;
  /** The organization that a valid credential of the demo user is for. */
  organization: string;
  /** Puts the credential there with the server (and organization) beside it. */
  plant(home: string, credential: string, serverUrl: string, organization?: string): void;
  /** The file it is in, for checks that it is left alone. */
  file?(home: string): string;
  /** The file's mode as planted (default 0600, as the CLIs write theirs). */
  mode?: number;
}

const SOURCES: Source[] = [
  {
    title: 'CT_API_KEY (the AppSec CLI’s environment)',
    describe: /the environment variable CT_API_KEY/,
    generation: 'appsec',
    namesOrganization: true,
    readOnly: true,
    organization: DEMO_ORGANIZATION_SLUG,
    plant: (_home, key, serverUrl, organization) => setEnvironment({ CT_API_KEY: key, CT_SERVER_URL: serverUrl, CT_ORG_SLUG: organization }),
  },
  {
    title: 'CODETHREAT_API_KEY (the AppSec GitHub Action’s secret names)',
    describe: /the environment variable CODETHREAT_API_KEY/,
    generation: 'appsec',
    namesOrganization: true,
    readOnly: true,
    organization: DEMO_ORGANIZATION_SLUG,
    plant: (_home, key, serverUrl, organization) =>
      setEnvironment({ CODETHREAT_API_KEY: key, CODETHREAT_SERVER_URL: serverUrl, CODETHREAT_ORG_SLUG: organization }),
  },
  {
    title: '~/.codethreat/.credentials (the AppSec CLI’s login)',
    describe: /the AppSec CLI's credentials file/,
    generation: 'appsec',
    namesOrganization: false,
    readOnly: false,
    organization: DEMO_ORGANIZATION_SLUG,
    plant: (home, key, serverUrl) => void writeAppsecCredentials(home, { apiKey: key, serverUrl, savedAt: SAVED_AT }),
    file: appsecCredentialsFile,
  },
  {
    title: '~/.codethreat_cli_config (the classic CLI)',
    describe: /~\/\.codethreat_cli_config/,
    generation: 'classic',
    namesOrganization: true,
    readOnly: false,
    organization: DEMO_ORGANIZATION,
    plant: (home, token, serverUrl, organization) =>
      void writeClassicConfig(home, [
        '# written by hand',
        `CODETHREAT_APP_URL = "${serverUrl}"`,
        '',
        `CODETHREAT_SECRET='${token}'`,
        ...(organization ? [`CODETHREAT_ORG=${organization}   # the team`] : []),
      ]),
    file: classicConfigFile,
  },
  {
    title: '~/.codethreat/.env (the AppSec CLI’s dotenv)',
    describe: /~\/\.codethreat\/\.env/,
    generation: 'appsec',
    namesOrganization: true,
    readOnly: false,
    organization: DEMO_ORGANIZATION_SLUG,
    plant: (home, key, serverUrl, organization) =>
      void writeLines(appsecEnvFile(home), ['# CodeThreat', `CT_SERVER_URL=${serverUrl}`, `export CT_API_KEY="${key}"`, ...(organization ? [`CT_ORG_SLUG=${organization}`] : []), 'CT_VERBOSE=true']),
    file: appsecEnvFile,
  },
  {
    title: '~/.codethreat/config.yml (the AppSec CLI’s config)',
    describe: /~\/\.codethreat\/config\.yml/,
    generation: 'appsec',
    namesOrganization: false,
    readOnly: false,
    organization: DEMO_ORGANIZATION_SLUG,
    plant: (home, key, serverUrl) => void writeLines(appsecConfigYml(home), [`serverUrl: "${serverUrl}"`, `apiKey: ${key}  # by hand`, 'defaultBranch: main', 'colors: true']),
    file: appsecConfigYml,
  },
  {
    title: '~/.codethreat.yml (the AppSec CLI’s older config)',
    describe: /~\/\.codethreat\.yml/,
    generation: 'appsec',
    namesOrganization: false,
    readOnly: false,
    organization: DEMO_ORGANIZATION_SLUG,
    plant: (home, key, serverUrl) => void writeLines(appsecLegacyYml(home), ['# CodeThreat CLI Configuration', `server_url: ${serverUrl}`, `api_key: '${key}'`]),
    file: appsecLegacyYml,
  },
  {
    title: 'the workspace’s .env (a workspace source)',
    describe: /the workspace file \.env in [^ ;]+/,
    generation: 'appsec',
    namesOrganization: true,
    readOnly: false,
    organization: DEMO_ORGANIZATION_SLUG,
    plant: (_home, key, serverUrl, organization) =>
      void writeLines(workspaceEnvFile(folder()), ['DATABASE_URL=postgres://localhost/shop', `CT_API_KEY=${key}`, `CT_SERVER_URL=${serverUrl}`, ...(organization ? [`CT_ORG_SLUG=${organization}`] : [])], 0o644),
    file: () => workspaceEnvFile(folder()),
    mode: 0o644,
  },
  {
    title: 'the workspace’s .codethreat.yml (a workspace source)',
    describe: /the workspace file \.codethreat\.yml in [^ ;]+/,
    generation: 'appsec',
    namesOrganization: false,
    readOnly: false,
    organization: DEMO_ORGANIZATION_SLUG,
    plant: (_home, key, serverUrl) => void writeLines(workspaceCliYml(folder()), [`serverUrl: ${serverUrl}`, `apiKey: "${key}"`, 'defaultScanTypes: [sast, sca]'], 0o644),
    file: () => workspaceCliYml(folder()),
    mode: 0o644,
  },
];

/** The AppSec CLI's configuration files, in the home folder and the workspace, each naming only a server and an organization. */
function plantConfigDecoys(home: string, url: string, source: Source): void {
  const decoys: [string, string[]][] = [
    [appsecEnvFile(home), [`CT_SERVER_URL=${url}`, `CT_ORG_SLUG=${OTHER_ORGANIZATION_SLUG}`]],
    [appsecConfigYml(home), [`serverUrl: ${url}`, `organizationSlug: ${OTHER_ORGANIZATION_SLUG}`]],
    [appsecLegacyYml(home), [`serverUrl: ${url}`]],
    [workspaceEnvFile(folder()), [`CT_SERVER_URL=${url}`, `CT_ORG_SLUG=${OTHER_ORGANIZATION_SLUG}`]],
    [workspaceCliYml(folder()), [`serverUrl: ${url}`, `organizationSlug: ${OTHER_ORGANIZATION_SLUG}`]],
  ];
  for (const [file, lines] of decoys) if (source.file?.(home) !== file) writeLines(file, lines);
}

/** Every place a server can be named, pointed at `url`, except `source`'s own: a credential must not go there. */
function plantDecoys(home: string, url: string, source: Source): void {
  const own = (name: string) => source.describe.test(`the environment variable ${name}`);
  setEnvironment({
    CT_SERVER_URL: own('CT_API_KEY') ? undefined : url,
    CODETHREAT_SERVER_URL: own('CODETHREAT_API_KEY') ? undefined : url,
    CODETHREAT_APP_URL: url,
    CT_BASE_URL: url,
    CT_ORG_SLUG: own('CT_API_KEY') ? undefined : OTHER_ORGANIZATION_SLUG,
    CODETHREAT_ORG: OTHER_ORGANIZATION,
  });
  // The CLIs' files, naming the decoy but holding no credential (so they are not offered themselves).
  if (!source.file || source.file(home) !== appsecCredentialsFile(home)) writeAppsecCredentials(home, { serverUrl: url, savedAt: SAVED_AT });
  if (!source.file || source.file(home) !== classicConfigFile(home)) writeClassicConfig(home, [`CODETHREAT_APP_URL=${url}`, `CODETHREAT_ORG=${OTHER_ORGANIZATION}`]);
  plantConfigDecoys(home, url, source);
}

suite('Importing credentials from the CodeThreat CLIs and the AppSec platform’s environment', () => {
  const t = useExtensionHarness();
  const home = () => t.hooks.container.platform.homeDirectory;

  suiteSetup(() => {
    // The offer made after activation runs now, before any test has planted a credential.
    t.hooks.clock.advance(60_000);
  });

  teardown(() => clearCliCredentials(home(), [folder()]));

  function issue(source: Source, name: string, options: { expired?: boolean } = {}): { id: string; value: string } {
    if (source.generation === 'classic') return t.emulator.issueAccessToken(DEMO_USERNAME, name);
    return t.emulator.issueApiKey(DEMO_USERNAME, {
      name,
      organizationSlug: DEMO_ORGANIZATION_SLUG,
      ...(options.expired ? { expiresAt: new Date(Date.now() - DAY) } : {}),
    });
  }

  /** The confirmation modal's button for the source. */
  function confirm(source: Source): Step {
    return { modal: source.readOnly ? 'Use It' : 'Import', message: new RegExp(`^Use the CodeThreat ${source.generation === 'appsec' ? 'API key' : 'token'} from ${source.describe.source}`) };
  }

  /** What the user answers up to the sign-in: confirm, and pick the organization when none is named. */
  function importSteps(source: Source): Step[] {
    return [confirm(source), ...(source.namesOrganization ? [] : [{ pick: /^Acme Corp$/ }])];
  }

  const importCommand = (key?: string) => vscode.commands.executeCommand<ImportResult | undefined>('codethreat.importCredentials', key ? { key } : undefined);

  /** The source's file as it is now (undefined for the environment). */
  const fileText = (source: Source) => (source.file ? fs.readFileSync(source.file(home()), 'utf8') : undefined);

  function assertNothingKept(): void {
    assert.deepEqual(t.hooks.container.connections.connections(), []);
  }

  /** No prompt, notification or choice carried the value, nor 16 characters of it in a row. */
  function assertNeverShown(value: string): void {
    const shown = JSON.stringify([t.prompter.modals, t.prompter.notifications, t.prompter.inputs, t.prompter.picks]);
    for (let at = 0; at + 16 <= value.length; at++) assert.ok(!shown.includes(value.slice(at, at + 16)), 'the credential is never shown, not even in part');
  }

  function validationRequests(emulator: RunningEmulator, source: Source, value: string): number {
    const path = source.generation === 'appsec' ? '/api/v1/cli/auth/validate' : '/api/organization';
    return emulator.countRequests({ path, credential: value });
  }

  for (const source of SOURCES) {
    test(`${source.title}: offered, validated by the server named beside it and no other, then kept${source.readOnly ? ' read-only' : ''}`, async () => {
      const decoy = await startEmulator();
      try {
        plantDecoys(home(), decoy.url, source);
        const { value } = issue(source, 'imported');
        source.plant(home(), value, t.emulator.url, source.namesOrganization ? source.organization : undefined);
        const planted = fileText(source);

        const offered = await offerImport(t.hooks.container);
        assert.equal(offered.length, 1, JSON.stringify(offered));
        const what = source.generation === 'appsec' ? 'API key' : 'token';
        assert.match(t.prompter.notifications[0].message, new RegExp(`^A CodeThreat ${what} is stored in plain text in ${source.describe.source}`));

        // The removal offer is declined here; the file tests below accept it.
        t.script(...importSteps(source), ...(source.readOnly ? [] : [{ modal: undefined, message: /^Remove the / }]));
        const result = await importCommand(offered[0]);
        assert.ok(result, t.prompter.messages().join(' / '));
        assert.equal(result.plaintextRemoved, false);

        const organizationLine = source.namesOrganization ? `Organization: ${source.organization}` : "Organization: you pick one of the key's organizations";
        assert.ok(t.prompter.modals[0].detail.startsWith(`Server: ${t.emulator.url}\n${organizationLine}`), t.prompter.modals[0].detail);
        // An AppSec key is checked once: the answer that lists its organizations also admits it to one.
        const checks = validationRequests(t.emulator, source, value);
        assert.ok(source.generation === 'appsec' ? checks === 1 : checks >= 1, `the server named beside it checked the credential (${checks} time(s))`);
        assert.equal(decoy.requests.length, 0, 'no request went to a server named anywhere else');

        const connection = t.hooks.container.connections.active;
        assert.equal(connection?.serverUrl, t.emulator.url);
        assert.equal(connection?.organization, source.organization);
        assert.equal(connection?.generation ?? 'classic', source.generation);
        const stored = await t.hooks.rawSecrets.get(`codethreat.credential:${result.connectionId}`);
        if (source.readOnly) {
          assert.equal(stored, undefined, 'an environment credential is not stored');
          assert.equal(connection?.environmentVariable, source.describe.source.replace(/^the environment variable /, ''));
          assert.equal(t.prompter.modals.length, 1, 'no offer to remove an environment variable');
        } else {
          assert.equal(stored, value);
          assert.equal(fileText(source), planted, 'declined: the file is as it was');
        }
        assert.ok((await t.tokenNodes()).length > 0, 'the connection works');
        assert.deepEqual(await offerImport(t.hooks.container), [], 'imported: not offered again');
        assertNeverShown(value);
        assert.ok(!JSON.stringify(t.hooks.stateDump()).includes(value));
      } finally {
        await decoy.close();
      }
    });

    test(`${source.title}: declined, nothing is sent and nothing kept`, async () => {
      const { value } = issue(source, 'declined');
      source.plant(home(), value, t.emulator.url, source.namesOrganization ? source.organization : undefined);
      const planted = fileText(source);
      t.script({ cancel: true });
      assert.equal(await importCommand(), undefined);
      assert.match(t.prompter.modals[0].message, source.describe);
      assert.equal(t.emulator.countRequests({ credential: value }), 0, 'nothing was sent');
      assertNothingKept();
      assert.equal(fileText(source), planted);
    });

    test(`${source.title}: a revoked${source.generation === 'appsec' ? ' or expired' : ''} credential is not imported${source.file ? ', and its file is left alone' : ''}`, async () => {
      const revoked = issue(source, 'revoked');
      t.emulator.revoke(revoked.id);
      const expired = source.generation === 'appsec' ? [issue(source, 'expired', { expired: true })] : [];
      for (const { value } of [revoked, ...expired]) {
        clearCliCredentials(home(), [folder()]);
        source.plant(home(), value, t.emulator.url, source.namesOrganization ? source.organization : undefined);
        const planted = fileText(source);
        t.script(confirm(source));
        assert.equal(await importCommand(), undefined);
        const what = source.generation === 'appsec' ? 'API key' : 'token';
        assert.match(
          t.prompter.messages('error')[0] ?? '',
          new RegExp(`^Could not import the ${what} from ${source.describe.source}; nothing was saved\\. CodeThreat did not accept the credential`),
        );
        assertNothingKept();
        assert.equal(fileText(source), planted, 'the file is untouched');
        if (source.file) assert.equal(modeOf(source.file(home())), source.mode ?? 0o600);
        assertNeverShown(value);
      }
    });

    test(`${source.title}: plain http:// to another machine asks first, as sign-in does`, async () => {
      source.plant(home(), 'ct_plain_http_0123456789abcdef', INSECURE_SERVER, source.namesOrganization ? source.organization : undefined);
      t.script(confirm(source), { modal: undefined, message: /codethreat\.example\.invalid is not encrypted/ });
      assert.equal(await importCommand(), undefined);
      assert.deepEqual(t.prompter.modals[1].buttons, ['Send Over HTTP']);
      assertNothingKept();
    });

    if (source.namesOrganization) {
      test(`${source.title}: naming an organization the credential’s user is not in is said plainly, and nothing is kept`, async () => {
        const { value } = issue(source, 'wrong organization');
        const organization = source.generation === 'appsec' ? OTHER_ORGANIZATION_SLUG : OTHER_ORGANIZATION;
        source.plant(home(), value, t.emulator.url, organization);
        const planted = fileText(source);
        t.script(confirm(source));
        assert.equal(await importCommand(), undefined);
        const theirs = source.generation === 'appsec' ? ` The key's organizations: ${DEMO_PERSONAL_ORGANIZATION_SLUG}, ${DEMO_ORGANIZATION_SLUG}\\.` : '';
        assert.match(
          t.prompter.messages('error')[0] ?? '',
          new RegExp(`^The credential's user is not a member of the organization "${organization}" that ${source.describe.source} names\\. Nothing was saved\\.${theirs}$`),
        );
        assertNothingKept();
        assert.equal(fileText(source), planted);
      });
    }
  }

  test('~/.codethreat/.credentials: the organization is picked from the key’s (the personal one marked); removal takes "apiKey" only, keeping serverUrl, savedAt and mode 0600', async () => {
    const source = SOURCES[2];
    const { value } = issue(source, 'cli login');
    source.plant(home(), value, t.emulator.url);
    t.script(confirm(source), { pick: /^Acme Corp$/ }, { modal: 'Remove Plain-Text Copy', message: /^Remove the API key from the AppSec CLI's credentials file\?$/ });
    const result = await importCommand();
    assert.equal(result?.plaintextRemoved, true, t.prompter.messages().join(' / '));
    assert.deepEqual(t.prompter.picks[0].labels, ['Demo User', 'Acme Corp']);
    assert.deepEqual(t.prompter.picks[0].descriptions, [`${DEMO_PERSONAL_ORGANIZATION_SLUG} (personal)`, DEMO_ORGANIZATION_SLUG]);
    assert.equal(t.hooks.container.connections.active?.organization, DEMO_ORGANIZATION_SLUG);
    assert.equal(await t.hooks.rawSecrets.get(`codethreat.credential:${result.connectionId}`), value);

    const file = appsecCredentialsFile(home());
    assert.equal(fs.readFileSync(file, 'utf8'), JSON.stringify({ serverUrl: t.emulator.url, savedAt: SAVED_AT }, null, 2));
    assert.equal(modeOf(file), 0o600, 'the file keeps its mode');
    assertNeverShown(value);
  });

  test('~/.codethreat_cli_config: removal takes the CODETHREAT_SECRET line only; comments, blank lines and the other lines stay as written', async () => {
    const { value } = t.emulator.issueAccessToken(DEMO_USERNAME, 'classic cli');
    const lines = [
      '# CodeThreat CLI',
      '',
      `  CODETHREAT_APP_URL = "${t.emulator.url}"  `,
      `CODETHREAT_SECRET = "${value}"`,
      `export CODETHREAT_ORG='${DEMO_ORGANIZATION}' # the team`,
      'OTHER_TOOL=keep-me',
    ];
    writeClassicConfig(home(), lines);
    t.script(confirm(SOURCES[3]), { modal: 'Remove Plain-Text Copy', message: /^Remove the token from ~\/\.codethreat_cli_config\?$/ });
    const result = await importCommand();
    assert.equal(result?.plaintextRemoved, true, t.prompter.messages().join(' / '));
    assert.equal(t.hooks.container.connections.active?.organization, DEMO_ORGANIZATION);
    assert.equal(fs.readFileSync(classicConfigFile(home()), 'utf8'), `${lines.filter((l) => !l.startsWith('CODETHREAT_SECRET')).join('\n')}\n`);
    assert.equal(modeOf(classicConfigFile(home())), 0o600);
  });

  test('a CLI’s file that holds another credential by the time of removal is left alone', async () => {
    const { value } = issue(SOURCES[2], 'first login');
    const later = issue(SOURCES[2], 'second login');
    writeAppsecCredentials(home(), { apiKey: value, serverUrl: t.emulator.url, savedAt: SAVED_AT });
    const relogin = JSON.stringify({ apiKey: later.value, serverUrl: t.emulator.url, savedAt: '2025-03-05T00:00:00.000Z' }, null, 2);
    // The CLI logs in again while the removal question is open.
    const prompter = new (class extends ScriptedPrompter {
      override modal(...args: Parameters<ScriptedPrompter['modal']>) {
        if (args[1].startsWith('Remove the API key')) fs.writeFileSync(appsecCredentialsFile(home()), relogin);
        return super.modal(...args);
      }
    })([confirm(SOURCES[2]), { pick: /^Acme Corp$/ }, { modal: 'Remove Plain-Text Copy' }]);
    t.prompter = prompter;
    t.hooks.setPrompter(prompter);
    const result = await importCommand();
    assert.equal(result?.plaintextRemoved, false);
    assert.match(t.prompter.messages('info').at(-1) ?? '', /^The credential in the AppSec CLI's credentials file has changed since it was imported; the file was left as it is\.$/);
    assert.equal(fs.readFileSync(appsecCredentialsFile(home()), 'utf8'), relogin);
  });

  test('with no server beside it, a credential goes to its own generation’s cloud, never to a server another source names', async () => {
    // Finding sends nothing; what is checked is the server each credential is paired with.
    const elsewhere = 'https://elsewhere.example';
    setEnvironment({ CT_API_KEY: 'ct_env_key_0123456789abcdef', CODETHREAT_SERVER_URL: elsewhere, CT_SERVER_URL: undefined, CODETHREAT_APP_URL: elsewhere });
    writeAppsecCredentials(home(), { apiKey: 'ct_file_key_0123456789abcdef', savedAt: SAVED_AT });
    writeClassicConfig(home(), ['CODETHREAT_SECRET=classic_file_token_0123456789']);
    const found = await findCredentials({ homeDirectory: home(), trusted: false });
    assert.deepEqual(
      found.map((f) => [f.kind, f.generation, f.serverUrl, f.organization]),
      [
        ['appsecCliCredentials', 'appsec', 'https://app.codethreat.com', undefined],
        ['classicCliConfig', 'classic', 'https://cloud.codethreat.com', undefined],
        ['environment', 'appsec', 'https://app.codethreat.com', undefined],
      ],
    );
  });

  test('an import picked from several sources goes to that source’s server only', async () => {
    const decoy = await startEmulator();
    try {
      const { value } = issue(SOURCES[0], 'env key');
      setEnvironment({ CT_API_KEY: value, CT_SERVER_URL: t.emulator.url, CT_ORG_SLUG: DEMO_ORGANIZATION_SLUG });
      writeAppsecCredentials(home(), { apiKey: 'ct_other_key_0123456789abcdef', serverUrl: decoy.url, savedAt: SAVED_AT });
      t.script({ pick: /the environment variable CT_API_KEY/ }, confirm(SOURCES[0]));
      const result = await importCommand();
      assert.ok(result, t.prompter.messages().join(' / '));
      assert.deepEqual(t.prompter.picks[0].labels, ["the AppSec CLI's credentials file", 'the environment variable CT_API_KEY']);
      assert.equal(decoy.requests.length, 0);
      assert.equal(t.hooks.container.connections.active?.environmentVariable, 'CT_API_KEY');
    } finally {
      await decoy.close();
    }
  });

  // ---- The AppSec CLI's configuration files, CT_ORG_ID, workspace sources ----------------------

  /** The sources this suite adds for the AppSec CLI's configuration: the files beside .credentials. */
  const CONFIG_FILE_SOURCES = SOURCES.filter((source) => /AppSec CLI’s (dotenv|config|older config)|a workspace source/.test(source.title));

  for (const source of CONFIG_FILE_SOURCES) {
    test(`${source.title}: removal takes the key's line only; the file's other lines and its mode stay`, async () => {
      const { value } = issue(source, 'remove from file');
      source.plant(home(), value, t.emulator.url, source.namesOrganization ? source.organization : undefined);
      const planted = fileText(source)!;
      t.script(...importSteps(source), { modal: 'Remove Plain-Text Copy', message: new RegExp(`^Remove the API key from ${source.describe.source}`) });
      const result = await importCommand();
      assert.equal(result?.plaintextRemoved, true, t.prompter.messages().join(' / '));
      assert.equal(await t.hooks.rawSecrets.get(`codethreat.credential:${result.connectionId}`), value);
      const expected = planted.split('\n').filter((line) => !line.includes(value)).join('\n');
      assert.equal(fileText(source), expected);
      assert.equal(modeOf(source.file!(home())), source.mode ?? 0o600, 'the file keeps its mode');
      assertNeverShown(value);
    });
  }

  /** The id the key's check gives `slug` (asked here as the import asks); the request log is cleared after. */
  async function organizationId(key: string, slug: string): Promise<string> {
    const answer = await fetch(`${t.emulator.url}/api/v1/cli/auth/validate?includeOrganizations=true`, { headers: { 'X-API-Key': key } });
    const body = (await answer.json()) as { data: { organizations: { id: string; slug: string }[] } };
    t.emulator.clearRequests();
    return body.data.organizations.find((o) => o.slug === slug)!.id;
  }

  test('CT_ORG_ID: the organization id is looked up in the key’s check, by its slug; no pick, one check', async () => {
    const { value } = issue(SOURCES[0], 'by org id');
    const id = await organizationId(value, DEMO_ORGANIZATION_SLUG);
    setEnvironment({ CT_API_KEY: value, CT_SERVER_URL: t.emulator.url, CT_ORG_ID: id });
    t.script(confirm(SOURCES[0]));
    const result = await importCommand();
    assert.ok(result, t.prompter.messages().join(' / '));
    assert.match(t.prompter.modals[0].detail, new RegExp(`^Server: .*\nOrganization: the one with the id ${id}, looked up among the key's organizations`));
    assert.deepEqual(t.prompter.picks, [], 'nothing to pick');
    assert.equal(t.hooks.container.connections.active?.organization, DEMO_ORGANIZATION_SLUG);
    assert.equal(t.emulator.countRequests({ path: '/api/v1/cli/auth/validate', credential: value }), 1);
  });

  test('organizationId in ~/.codethreat/config.yml: looked up the same way', async () => {
    const { value } = issue(SOURCES[0], 'yaml org id');
    const id = await organizationId(value, DEMO_PERSONAL_ORGANIZATION_SLUG);
    writeLines(appsecConfigYml(home()), [`serverUrl: ${t.emulator.url}`, `organizationId: "${id}"`, `apiKey: ${value}`]);
    t.script({ modal: 'Import', message: /config\.yml/ }, { modal: undefined, message: /^Remove the API key/ });
    const result = await importCommand();
    assert.ok(result, t.prompter.messages().join(' / '));
    assert.equal(t.hooks.container.connections.active?.organization, DEMO_PERSONAL_ORGANIZATION_SLUG);
  });

  test('an organization id that is none of the key’s is said plainly, and nothing is kept', async () => {
    const { value } = issue(SOURCES[0], 'unknown org id');
    setEnvironment({ CT_API_KEY: value, CT_SERVER_URL: t.emulator.url, CT_ORG_ID: 'org_nobody_has_this' });
    t.script(confirm(SOURCES[0]));
    assert.equal(await importCommand(), undefined);
    assert.equal(
      t.prompter.messages('error')[0],
      `None of the API key's organizations has the id "org_nobody_has_this" that the environment variable CT_API_KEY names. Nothing was saved. The key's organizations: ${DEMO_PERSONAL_ORGANIZATION_SLUG}, ${DEMO_ORGANIZATION_SLUG}.`,
    );
    assertNothingKept();
  });

  test('workspace .env and .codethreat.yml: offered as workspace sources when trusted, not read at all when not', async () => {
    writeLines(workspaceEnvFile(folder()), ['CT_API_KEY=ct_workspace_env_0123456789abcdef', `CT_SERVER_URL=${t.emulator.url}`]);
    writeLines(workspaceCliYml(folder()), ['apiKey: ctk_workspace_yml_0123456789abcdef']);
    writeLines(appsecEnvFile(home()), ['CT_API_KEY=ct_home_env_0123456789abcdef']);
    const trusted = await findCredentials({ homeDirectory: home(), trusted: true });
    assert.deepEqual(
      trusted.map((f) => [f.kind, f.serverUrl]),
      [
        ['appsecCliEnvFile', 'https://app.codethreat.com'],
        ['workspaceEnvFile', t.emulator.url],
        ['workspaceCliConfig', 'https://app.codethreat.com'],
      ],
    );
    assert.deepEqual(
      (await findCredentials({ homeDirectory: home(), trusted: false })).map((f) => f.kind),
      ['appsecCliEnvFile'],
      'Restricted Mode: the workspace is not read',
    );
  });

  test('a workspace file never chooses the server of a user-level credential', async () => {
    const decoy = await startEmulator();
    try {
      // The user's files name no server; the workspace's name the decoy (beside keys of its own).
      writeAppsecCredentials(home(), { apiKey: 'ct_users_own_0123456789abcdef', savedAt: SAVED_AT });
      writeLines(appsecEnvFile(home()), ['CT_API_KEY=ct_users_env_0123456789abcdef']);
      writeLines(appsecLegacyYml(home()), ['apiKey: ct_users_yml_0123456789abcdef']);
      writeLines(workspaceEnvFile(folder()), ['CT_API_KEY=ct_workspace_env_0123456789abcdef', `CT_SERVER_URL=${decoy.url}`, `CT_ORG_SLUG=${OTHER_ORGANIZATION_SLUG}`]);
      writeLines(workspaceCliYml(folder()), [`serverUrl: ${decoy.url}`, 'organizationId: org_decoy', 'apiKey: ctk_workspace_yml_0123456789abcdef']);
      const found = await findCredentials({ homeDirectory: home(), trusted: true });
      assert.deepEqual(
        found.map((f) => [f.kind, f.serverUrl, f.organization, f.organizationId]),
        [
          ['appsecCliCredentials', 'https://app.codethreat.com', undefined, undefined],
          ['appsecCliEnvFile', 'https://app.codethreat.com', undefined, undefined],
          ['appsecCliConfig', 'https://app.codethreat.com', undefined, undefined],
          ['workspaceEnvFile', decoy.url, OTHER_ORGANIZATION_SLUG, undefined],
          ['workspaceCliConfig', decoy.url, undefined, 'org_decoy'],
        ],
      );
      assert.equal(decoy.requests.length, 0);
    } finally {
      await decoy.close();
    }
  });

  test('the same key in two places for the same server is one candidate naming both; removal takes it from each', async () => {
    const { value } = issue(SOURCES[0], 'in two files');
    writeLines(appsecEnvFile(home()), [`CT_API_KEY=${value}`, `CT_SERVER_URL=${t.emulator.url}/`, 'KEEP=me']);
    // The workspace's copy names an organization: it does not choose one for the user's credential.
    writeLines(workspaceCliYml(folder()), [`serverUrl: ${t.emulator.url}`, `apiKey: ${value}`, `organizationSlug: ${OTHER_ORGANIZATION_SLUG}`, 'colors: false'], 0o644);
    // The same key beside another server stays a candidate of its own: it would go only there.
    writeLines(appsecConfigYml(home()), [`serverUrl: ${INSECURE_SERVER}`, `apiKey: ${value}`]);
    const found = await findCredentials({ homeDirectory: home(), trusted: true });
    assert.deepEqual(
      found.map((f) => [f.kind, f.serverUrl, f.organization, (f.alsoFoundIn ?? []).map((o) => o.kind)]),
      [
        ['appsecCliEnvFile', `${t.emulator.url}/`, undefined, ['workspaceCliConfig']],
        ['appsecCliConfig', INSECURE_SERVER, undefined, []],
      ],
    );
    t.script(
      { pick: /^~\/\.codethreat\/\.env \(also in the workspace file \.codethreat\.yml in / },
      { modal: 'Import', message: /^Use the CodeThreat API key from ~\/\.codethreat\/\.env \(also in the workspace file \.codethreat\.yml in / },
      { pick: /^Acme Corp$/ },
      { modal: 'Remove Plain-Text Copy', message: /^Remove the API key from ~\/\.codethreat\/\.env \(also in / },
    );
    const result = await importCommand();
    assert.equal(result?.plaintextRemoved, true, t.prompter.messages().join(' / '));
    assert.equal(fs.readFileSync(appsecEnvFile(home()), 'utf8'), `CT_SERVER_URL=${t.emulator.url}/\nKEEP=me\n`);
    assert.equal(fs.readFileSync(workspaceCliYml(folder()), 'utf8'), `serverUrl: ${t.emulator.url}\norganizationSlug: ${OTHER_ORGANIZATION_SLUG}\ncolors: false\n`);
    assert.equal(modeOf(workspaceCliYml(folder())), 0o644);
    assert.ok(fs.readFileSync(appsecConfigYml(home()), 'utf8').includes(value), 'the other server’s candidate is left alone');
  });

  test('~/.codethreat_cli_config naming no organization: confirmed first, then the organization is picked from the server’s list, as sign-in offers it', async () => {
    const { value } = t.emulator.issueAccessToken(DEMO_USERNAME, 'classic, no organization');
    writeClassicConfig(home(), [`CODETHREAT_APP_URL=${t.emulator.url}`, `CODETHREAT_SECRET=${value}`]);
    let sentBeforeConfirmation: number | undefined;
    const prompter = new (class extends ScriptedPrompter {
      override modal(...args: Parameters<ScriptedPrompter['modal']>) {
        sentBeforeConfirmation ??= t.emulator.countRequests({ credential: value });
        return super.modal(...args);
      }
    })([
      { modal: 'Import', message: /^Use the CodeThreat token from ~\/\.codethreat_cli_config/ },
      { pick: new RegExp(`^${DEMO_ORGANIZATION}$`) },
      { modal: undefined, message: /^Remove the token/ },
    ]);
    t.prompter = prompter;
    t.hooks.setPrompter(prompter);
    const result = await importCommand();
    assert.equal(sentBeforeConfirmation, 0, 'nothing is sent before the confirmation');
    assert.ok(result, t.prompter.messages().join(' / '));
    assert.match(t.prompter.modals[0].detail, /\nOrganization: you pick or type one once the server has checked the token\./);
    assert.ok(t.prompter.picks[0].labels.includes('Another organization…'), 'a name can be typed, as at sign-in');
    assert.equal(t.hooks.container.connections.active?.organization, DEMO_ORGANIZATION);
  });

  test('a key in ~/.codethreat/.env and in CT_API_KEY: kept in VS Code, removed from the file only; the environment is named but never changed', async () => {
    const { value } = issue(SOURCES[0], 'file and environment');
    writeLines(appsecEnvFile(home()), [`CT_API_KEY=${value}`, `CT_SERVER_URL=${t.emulator.url}`, `CT_ORG_SLUG=${DEMO_ORGANIZATION_SLUG}`]);
    setEnvironment({ CT_API_KEY: value, CT_SERVER_URL: t.emulator.url });
    t.script(
      { modal: 'Import', message: /^Use the CodeThreat API key from ~\/\.codethreat\/\.env \(also in the environment variable CT_API_KEY\)\?$/ },
      { modal: 'Remove Plain-Text Copy', message: /^Remove the API key from ~\/\.codethreat\/\.env\?$/ },
    );
    const result = await importCommand();
    assert.equal(result?.plaintextRemoved, true, t.prompter.messages().join(' / '));
    assert.equal(await t.hooks.rawSecrets.get(`codethreat.credential:${result.connectionId}`), value, 'kept in VS Code, not read from the environment');
    assert.equal(t.hooks.container.connections.active?.environmentVariable, undefined);
    assert.equal(t.hooks.container.connections.active?.organization, DEMO_ORGANIZATION_SLUG);
    assert.equal(fs.readFileSync(appsecEnvFile(home()), 'utf8'), `CT_SERVER_URL=${t.emulator.url}\nCT_ORG_SLUG=${DEMO_ORGANIZATION_SLUG}\n`);
    assert.equal(process.env.CT_API_KEY, value);
  });

  test('"Not Now" for a key found in two places holds for each place', async () => {
    const key = 'ct_not_now_in_two_places_0123456789';
    writeLines(appsecEnvFile(home()), [`CT_API_KEY=${key}`, `CT_SERVER_URL=${t.emulator.url}`]);
    writeLines(workspaceEnvFile(folder()), [`CT_API_KEY=${key}`, `CT_SERVER_URL=${t.emulator.url}`]);
    t.prompter.onNotify = (n) => (n.actions.includes('Not Now') ? 'Not Now' : undefined);
    assert.equal((await offerImport(t.hooks.container)).length, 1);
    await eventually(() => ((t.hooks.stateDump()['codethreat.importDismissed'] as string[] | undefined) ?? []).length === 2, '"Not Now" to be remembered for both places');
    // The home folder's copy goes; the workspace's alone was dismissed too.
    fs.rmSync(appsecEnvFile(home()));
    assert.deepEqual(await offerImport(t.hooks.container), []);
  });

  suite('when the server lists no organization: one sentence, nothing saved, for sign-in and import alike', () => {
    const NONE_LISTED = 'CodeThreat names no organization this API key belongs to. Nothing was saved.';

    /** The key's check answers, once, with an empty organization list. */
    function listNone(): void {
      t.emulator.faults.status(200, {
        match: { path: '/api/v1/cli/auth/validate' },
        body: { success: true, data: { valid: true, user: { id: 'u1', email: DEMO_USERNAME, name: 'Demo User' }, organizations: [], authenticatedAt: new Date().toISOString() } },
      });
    }

    test('sign-in with an organization given', async () => {
      const { value } = issue(SOURCES[0], 'sign-in, none listed');
      listNone();
      assert.equal(await t.signIn({ apiKey: value, organization: DEMO_ORGANIZATION_SLUG, username: undefined, password: undefined }), undefined);
      assert.deepEqual(t.prompter.messages('error'), [NONE_LISTED]);
      assertNothingKept();
    });

    test('sign-in with none given', async () => {
      const { value } = issue(SOURCES[0], 'sign-in, none listed, none given');
      listNone();
      assert.equal(await t.signIn({ apiKey: value, organization: undefined, username: undefined, password: undefined }), undefined);
      assert.deepEqual(t.prompter.messages('error'), [NONE_LISTED]);
      assert.equal(t.prompter.inputs.length, 0, 'no slug is asked for');
      assertNothingKept();
    });

    for (const source of [SOURCES[0], SOURCES[2]]) {
      test(`import from ${source.title}${source.namesOrganization ? ' naming an organization' : ''}`, async () => {
        const { value } = issue(source, 'import, none listed');
        source.plant(home(), value, t.emulator.url, source.namesOrganization ? source.organization : undefined);
        const planted = fileText(source);
        listNone();
        t.script(confirm(source));
        assert.equal(await importCommand(), undefined);
        assert.deepEqual(t.prompter.messages('error'), [NONE_LISTED]);
        assert.equal(t.prompter.inputs.length, 0, 'no slug is asked for');
        assertNothingKept();
        assert.equal(fileText(source), planted);
      });
    }
  });
});
