// The AppSec CLI's configuration as the import reads it: dotenv files, flat YAML configs, an
// organization named by id looked up among a key's organizations, and a key taken out of a file
// line by line, keeping everything else and the file's mode.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decideOrganization } from '../../src/core/api/organizationChoice';
import type { ValidatedOrganization } from '../../src/core/api/tokenApi';
import {
  appsecDotenvValues,
  appsecYamlValues,
  readAppsecDotenv,
  readAppsecYaml,
  removeDotenvApiKey,
  removeYamlApiKey,
  withoutDotenvApiKey,
  withoutYamlApiKey,
} from '../../src/features/import/cliCredentialFiles';
import { parseDotenv, parseFlatYaml } from '../../src/features/import/configText';

const KEY = 'ctk_unitTestKey0123456789abcdefghijklmnop';

suite('AppSec CLI configuration: dotenv', () => {
  test('reads names as the dotenv package does: export, quotes, comments, a later line wins', () => {
    const values = parseDotenv(
      [
        '# a comment',
        'export CT_SERVER_URL="https://codethreat.example.com"  # the server',
        "CT_ORG_SLUG='acme'",
        'CT_ORG_ID=`org_1`',
        'PLAIN = value with spaces # comment',
        'HASH=abc#def',
        'COLON: yes',
        'EMPTY=',
        'ESCAPED="a\\"b"',
        'OPEN="never closed',
        'SAME=first',
        'SAME=second',
        '   ',
        'not an assignment',
      ].join('\r\n'),
    );
    assert.deepEqual(Object.fromEntries(values), {
      CT_SERVER_URL: 'https://codethreat.example.com',
      CT_ORG_SLUG: 'acme',
      CT_ORG_ID: 'org_1',
      PLAIN: 'value with spaces',
      HASH: 'abc',
      COLON: 'yes',
      ESCAPED: 'a"b',
      SAME: 'second',
    });
  });

  test('the AppSec CLI variables: key, server, slug and id', () => {
    assert.deepEqual(appsecDotenvValues(`CT_API_KEY=${KEY}\nCT_SERVER_URL=https://x.example\nCT_ORG_ID=42\nOTHER=1\n`), {
      apiKey: KEY,
      serverUrl: 'https://x.example',
      organizationSlug: undefined,
      organizationId: '42',
    });
    assert.equal(appsecDotenvValues('CT_API_KEY=\nCT_SERVER_URL=https://x.example').apiKey, undefined);
  });

  test('without the key: only its line(s) go; comments, blank lines, other lines and line endings stay', () => {
    const content = `# project\r\nDATABASE_URL=postgres://db\r\n\r\nCT_API_KEY="${KEY}" # local\r\nexport CT_API_KEY=${KEY}\r\nCT_SERVER_URL=https://x.example\r\n`;
    assert.equal(withoutDotenvApiKey(content, KEY), '# project\r\nDATABASE_URL=postgres://db\r\n\r\nCT_SERVER_URL=https://x.example\r\n');
    assert.equal(withoutDotenvApiKey(content, 'ct_another'), undefined, 'a file that holds another key now is not rewritten');
  });
});

suite('AppSec CLI configuration: flat YAML', () => {
  test('top-level scalars: plain, quoted, commented; nested maps, lists, block scalars and nulls are not values', () => {
    const values = parseFlatYaml(
      [
        '\uFEFF# CodeThreat CLI Configuration',
        '---',
        `apiKey: "${KEY}"`,
        "serverUrl: 'https://codethreat.example.com'   # on-prem",
        'organizationId: 12345 # the team',
        'organizationSlug: ~',
        'nested:',
        '  apiKey: ct_nested_is_not_read',
        'default_scan_types: ["sast", "sca"]',
        'notes: |',
        '  apiKey: ct_in_a_block',
        "'quoted key': it's fine",
        'empty:',
      ].join('\n'),
    );
    assert.deepEqual(Object.fromEntries(values), {
      apiKey: KEY,
      serverUrl: 'https://codethreat.example.com',
      organizationId: '12345',
      'quoted key': "it's fine",
    });
  });

  test("the CLI's keys, and its config template's snake_case spellings", () => {
    assert.deepEqual(appsecYamlValues(`apiKey: ${KEY}\nserverUrl: https://a.example\norganizationId: org_1\n`), {
      apiKey: KEY,
      serverUrl: 'https://a.example',
      organizationSlug: undefined,
      organizationId: 'org_1',
    });
    assert.deepEqual(appsecYamlValues(`api_key: ${KEY}\nserver_url: "https://b.example"\norganization_id: "org_2"\norganization_slug: acme\n`), {
      apiKey: KEY,
      serverUrl: 'https://b.example',
      organizationSlug: 'acme',
      organizationId: 'org_2',
    });
  });

  test('without the key: only the apiKey line goes, the rest stays as written', () => {
    const content = `# mine\nserverUrl: https://a.example\napiKey: '${KEY}'  # do not commit\norganizationId: org_1\nnested:\n  apiKey: ${KEY}\n`;
    assert.equal(withoutYamlApiKey(content, KEY), `# mine\nserverUrl: https://a.example\norganizationId: org_1\nnested:\n  apiKey: ${KEY}\n`);
    assert.equal(withoutYamlApiKey(content, 'ct_another'), undefined);
  });
});

suite('AppSec CLI configuration: files', () => {
  let dir: string;
  setup(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codethreat-cli-config-'))));
  teardown(() => fs.rmSync(dir, { recursive: true, force: true }));

  function write(name: string, content: string, mode: number): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content, { mode });
    fs.chmodSync(file, mode);
    return file;
  }

  test('read: the key with the server and organization of the same file; a slug wins over an id', async () => {
    const env = write('.env', `CT_API_KEY=${KEY}\nCT_ORG_ID=org_1\n`, 0o600);
    assert.deepEqual(await readAppsecDotenv(env), { file: env, credential: KEY, serverUrl: undefined, organizationId: 'org_1' });
    const yaml = write('config.yml', `apiKey: ${KEY}\nserverUrl: https://a.example\norganizationId: org_1\norganizationSlug: acme\n`, 0o600);
    assert.deepEqual(await readAppsecYaml(yaml), { file: yaml, credential: KEY, serverUrl: 'https://a.example', organization: 'acme' });
    assert.equal(await readAppsecYaml(path.join(dir, 'missing.yml')), undefined);
    assert.equal(await readAppsecYaml(write('no-key.yml', 'serverUrl: https://a.example\norganizationId: org_1\n', 0o600)), undefined);
  });

  test('removal keeps the other lines and the mode, in place', async () => {
    const envText = `A=1\nCT_API_KEY=${KEY}\nB=2\n`;
    const env = write('.env', envText, 0o640);
    const yaml = write('config.yml', `serverUrl: https://a.example\napiKey: ${KEY}\ncolors: true\n`, 0o600);
    const inode = fs.statSync(env).ino;
    assert.equal(await removeDotenvApiKey(env, KEY), 'removed');
    assert.equal(await removeYamlApiKey(yaml, KEY), 'removed');
    assert.equal(fs.readFileSync(env, 'utf8'), 'A=1\nB=2\n');
    assert.equal(fs.readFileSync(yaml, 'utf8'), 'serverUrl: https://a.example\ncolors: true\n');
    assert.equal(fs.statSync(env).mode & 0o777, 0o640);
    assert.equal(fs.statSync(yaml).mode & 0o777, 0o600);
    assert.equal(fs.statSync(env).ino, inode, 'the same file, rewritten in place');
    assert.equal(await removeDotenvApiKey(env, KEY), 'changed', 'nothing left to remove: the file is left alone');
    assert.equal(await removeYamlApiKey(path.join(dir, 'gone.yml'), KEY), 'gone');
  });
});

suite('AppSec organization decision: one for sign-in and import', () => {
  const organizations: ValidatedOrganization[] = [
    { id: 'org_personal', slug: 'demo-user', name: 'Demo User', isPersonal: true },
    { id: 'org_acme', slug: 'acme', name: 'Acme Corp' },
  ];

  test('an id named is looked up by its slug; an unknown id is said, not guessed', () => {
    assert.deepEqual(decideOrganization(organizations, { id: 'org_acme' }), { kind: 'chosen', slug: 'acme' });
    assert.deepEqual(decideOrganization(organizations, { id: ' org_acme ' }), { kind: 'chosen', slug: 'acme' });
    assert.deepEqual(decideOrganization(organizations, { id: 'acme' }), { kind: 'idNotListed', id: 'acme' }, 'a slug is not an id');
    assert.deepEqual(decideOrganization(organizations, { id: 'org_globex' }), { kind: 'idNotListed', id: 'org_globex' });
  });

  test('a slug named is chosen only when listed, and wins over an id', () => {
    assert.deepEqual(decideOrganization(organizations, { slug: 'acme' }), { kind: 'chosen', slug: 'acme' });
    assert.deepEqual(decideOrganization(organizations, { slug: 'globex' }), { kind: 'slugNotListed', slug: 'globex' });
    assert.deepEqual(decideOrganization(organizations, { slug: 'demo-user', id: 'org_acme' }), { kind: 'chosen', slug: 'demo-user' });
  });

  test('none listed: nothing is chosen, whatever was named', () => {
    for (const named of [{}, { slug: 'acme' }, { id: 'org_acme' }]) assert.deepEqual(decideOrganization([], named), { kind: 'noneListed' }, JSON.stringify(named));
  });

  test('nothing named: the only one, or a pick among several', () => {
    assert.deepEqual(decideOrganization([organizations[1]], {}), { kind: 'chosen', slug: 'acme' });
    assert.deepEqual(decideOrganization(organizations, { slug: '  ' }), { kind: 'pick' });
  });
});
