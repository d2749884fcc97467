// The CodeThreat CLIs' credential files: read as the CLIs write them (and as people edit them), and
// rewritten without the credential only, in place, keeping the file's mode.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  parseAppsecCredentials,
  parseKeyValueConfig,
  readAppsecCliCredentials,
  readClassicCliConfig,
  removeAppsecApiKey,
  removeClassicCliToken,
  withoutAppsecApiKey,
  withoutKeyValueEntry,
} from '../../src/features/import/cliCredentialFiles';

const KEY = 'ct_unitTestKey0123456789abcdefghijklmnopqr';

suite('CLI credential files: the AppSec CLI’s ~/.codethreat/.credentials', () => {
  const written = JSON.stringify({ apiKey: KEY, serverUrl: 'https://codethreat.example.com', savedAt: '2025-01-02T03:04:05.000Z' }, null, 2);

  test('reads apiKey and serverUrl, trimmed; anything else is nothing to import', () => {
    assert.deepEqual(parseAppsecCredentials(written), { apiKey: KEY, serverUrl: 'https://codethreat.example.com' });
    assert.deepEqual(parseAppsecCredentials(JSON.stringify({ apiKey: ` ${KEY}\n` })), { apiKey: KEY, serverUrl: undefined });
    for (const broken of ['', 'not json', '[]', 'null', '"ct_x"', JSON.stringify({ apiKey: 42 }), JSON.stringify({ apiKey: '   ' })]) {
      assert.equal(parseAppsecCredentials(broken).apiKey, undefined, broken);
    }
  });

  test('without the key: the other fields in their order, formatted as the CLI writes them', () => {
    assert.equal(withoutAppsecApiKey(written, KEY), JSON.stringify({ serverUrl: 'https://codethreat.example.com', savedAt: '2025-01-02T03:04:05.000Z' }, null, 2));
    assert.equal(withoutAppsecApiKey(`${written}\n`, KEY)?.endsWith('}\n'), true, 'a final newline stays');
  });

  test('a file that holds another key now, or is no longer JSON, is not rewritten', () => {
    assert.equal(withoutAppsecApiKey(written, 'ct_anotherKey'), undefined);
    assert.equal(withoutAppsecApiKey('{ broken', KEY), undefined);
  });
});

suite('CLI credential files: the classic CLI’s ~/.codethreat_cli_config', () => {
  test('KEY=value lines: comments, blank lines, spaces around =, quotes, export and CRLF are tolerated', () => {
    const values = parseKeyValueConfig(
      [
        '# CodeThreat CLI',
        '; another comment',
        '',
        '   ',
        'CODETHREAT_APP_URL = "https://codethreat.example.com"  ',
        "CODETHREAT_SECRET='secret-value'",
        'export CODETHREAT_ORG=acme   # the team',
        'CODETHREAT_SECRET=a-second-one',
        'not an assignment',
      ].join('\r\n'),
    );
    assert.deepEqual(Object.fromEntries(values), {
      CODETHREAT_APP_URL: 'https://codethreat.example.com',
      CODETHREAT_SECRET: 'secret-value',
      CODETHREAT_ORG: 'acme',
    });
  });

  test('a quoted value keeps a #; an unquoted one ends at " #"; an empty value is no value', () => {
    assert.deepEqual(Object.fromEntries(parseKeyValueConfig('A="x # y" # note\nB=x#y\nC=\nD=""\n')), { A: 'x # y', B: 'x#y' });
  });

  test('without the secret: every CODETHREAT_SECRET line goes, every other byte stays', () => {
    const content = '# keep\r\nCODETHREAT_APP_URL=https://codethreat.example.com\r\n CODETHREAT_SECRET = "s1"\r\n\r\nCODETHREAT_SECRET=s2\r\nCODETHREAT_SECRET_NOTE=keep\r\nCODETHREAT_ORG=acme';
    assert.equal(
      withoutKeyValueEntry(content, 'CODETHREAT_SECRET', 's1'),
      '# keep\r\nCODETHREAT_APP_URL=https://codethreat.example.com\r\n\r\nCODETHREAT_SECRET_NOTE=keep\r\nCODETHREAT_ORG=acme',
    );
  });

  test('a file whose secret is another one now is not rewritten', () => {
    assert.equal(withoutKeyValueEntry('CODETHREAT_SECRET=new\n', 'CODETHREAT_SECRET', 'old'), undefined);
    assert.equal(withoutKeyValueEntry('# nothing here\n', 'CODETHREAT_SECRET', 'old'), undefined);
  });
});

suite('CLI credential files: in the home folder', () => {
  let home: string;
  setup(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'codethreat-unit-home-'));
  });
  teardown(() => fs.rmSync(home, { recursive: true, force: true }));

  test('found with the server and organization in the same file; missing files are nothing', async () => {
    assert.equal(await readAppsecCliCredentials(home), undefined);
    assert.equal(await readClassicCliConfig(home), undefined);
    fs.mkdirSync(path.join(home, '.codethreat'));
    fs.writeFileSync(path.join(home, '.codethreat', '.credentials'), JSON.stringify({ apiKey: KEY, savedAt: 'x' }));
    fs.writeFileSync(path.join(home, '.codethreat_cli_config'), 'CODETHREAT_SECRET=tok\nCODETHREAT_ORG=acme\n');
    assert.deepEqual(await readAppsecCliCredentials(home), { file: path.join(home, '.codethreat', '.credentials'), credential: KEY, serverUrl: undefined });
    assert.deepEqual(await readClassicCliConfig(home), {
      file: path.join(home, '.codethreat_cli_config'),
      credential: 'tok',
      serverUrl: undefined,
      organization: 'acme',
    });
  });

  test('removal rewrites in place and keeps the mode (0600); a changed or vanished file is left alone', async () => {
    const credentials = path.join(home, '.credentials');
    fs.writeFileSync(credentials, JSON.stringify({ apiKey: KEY, serverUrl: 'https://x.example' }, null, 2), { mode: 0o600 });
    fs.chmodSync(credentials, 0o600);
    const inode = fs.statSync(credentials).ino;
    assert.equal(await removeAppsecApiKey(credentials, KEY), 'removed');
    assert.deepEqual(JSON.parse(fs.readFileSync(credentials, 'utf8')), { serverUrl: 'https://x.example' });
    assert.equal(fs.statSync(credentials).mode & 0o777, 0o600);
    assert.equal(fs.statSync(credentials).ino, inode, 'the same file, not a replacement');
    assert.equal(await removeAppsecApiKey(credentials, KEY), 'changed', 'the key is gone already');

    const config = path.join(home, '.codethreat_cli_config');
    fs.writeFileSync(config, 'CODETHREAT_SECRET=tok\nCODETHREAT_ORG=acme\n', { mode: 0o640 });
    fs.chmodSync(config, 0o640);
    assert.equal(await removeClassicCliToken(config, 'other'), 'changed');
    assert.equal(fs.readFileSync(config, 'utf8'), 'CODETHREAT_SECRET=tok\nCODETHREAT_ORG=acme\n');
    assert.equal(await removeClassicCliToken(config, 'tok'), 'removed');
    assert.equal(fs.readFileSync(config, 'utf8'), 'CODETHREAT_ORG=acme\n');
    assert.equal(fs.statSync(config).mode & 0o777, 0o640);

    assert.equal(await removeClassicCliToken(path.join(home, 'missing'), 'tok'), 'gone');
  });
});
