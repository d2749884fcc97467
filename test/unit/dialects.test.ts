// The dialects (core/dialects): each API generation listed once, with what differs between them
// in one descriptor; the names persisted connections, environments and CI use stay as they were.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI_VARIABLE_SETS, cliVariablesOf } from '../../src/core/api/cliVariables';
import { APPSEC_CLOUD_SERVER_URL, CLOUD_SERVER_URL } from '../../src/core/api/serverUrl';
import { byNoun, dialectOf, DIALECTS, DIALECTS_NEWEST_FIRST, namedDialect } from '../../src/core/dialects';

const root = path.resolve(__dirname, '../../..');

suite('dialects', () => {
  test('each generation is listed once, by the strings persisted connections hold; none named is classic', () => {
    assert.deepEqual(DIALECTS.map((d) => d.generation), ['classic', 'appsec']);
    for (const dialect of DIALECTS) assert.equal(dialectOf(dialect.generation), dialect);
    assert.equal(dialectOf(undefined).generation, 'classic');
    assert.equal(namedDialect('appsec')?.generation, 'appsec');
    assert.equal(namedDialect('APPSEC'), undefined);
    assert.deepEqual(DIALECTS_NEWEST_FIRST.map((d) => d.generation), ['appsec', 'classic']);
  });

  test('what differs: sign-in methods, key scopes and expiry, the noun, the cloud', () => {
    const [classic, appsec] = DIALECTS;
    assert.deepEqual(classic.signInMethods, ['password', 'token']);
    assert.deepEqual(appsec.signInMethods, ['apiKey']);
    assert.deepEqual(classic.keys, { scopes: false, expiry: false });
    assert.deepEqual(appsec.keys, { scopes: true, expiry: true });
    assert.equal(byNoun('classic', { accessToken: 'token', apiKey: 'API key' }), 'token');
    assert.equal(byNoun('appsec', { accessToken: 'token', apiKey: 'API key' }), 'API key');
    assert.equal(classic.cloudServerUrl, CLOUD_SERVER_URL);
    assert.equal(appsec.cloudServerUrl, APPSEC_CLOUD_SERVER_URL);
  });

  test('the environment variables and CI names are the tools’ documented ones, in the order they are searched', () => {
    assert.deepEqual(
      CLI_VARIABLE_SETS.map((set) => [set.generation, set.token, set.serverUrl, set.organization]),
      [
        ['classic', 'CODETHREAT_SECRET', 'CODETHREAT_APP_URL', 'CODETHREAT_ORG'],
        ['classic', 'CT_TOKEN', 'CT_BASE_URL', 'CT_ORGANIZATION'],
        ['appsec', 'CT_API_KEY', 'CT_SERVER_URL', 'CT_ORG_SLUG'],
        ['appsec', 'CODETHREAT_API_KEY', 'CODETHREAT_SERVER_URL', 'CODETHREAT_ORG_SLUG'],
      ],
    );
    assert.equal(cliVariablesOf(undefined).token, 'CODETHREAT_SECRET');
    assert.equal(cliVariablesOf('appsec').token, 'CT_API_KEY');
    assert.deepEqual(
      DIALECTS.map((d) => d.ci),
      [
        { secret: 'ACCESS_TOKEN', serverVariable: 'CT_SERVER', organizationVariable: 'ORGNAME', action: 'CodeThreat/codethreat-scan-action' },
        { secret: 'CODETHREAT_API_KEY', serverVariable: 'CODETHREAT_SERVER_URL', organizationVariable: 'CODETHREAT_ORG_SLUG', action: 'CodeThreat/codethreat-appsec-github-action' },
      ],
    );
  });

  test('each dialect builds the client of its own generation', () => {
    for (const dialect of DIALECTS) {
      const client = dialect.createClient({ serverUrl: 'https://codethreat.example.com', userAgent: 'unit-tests', organization: 'acme', credential: 'x' });
      assert.equal(client.generation, dialect.generation);
    }
  });

  test('nothing in src/core imports vscode', () => {
    const files = fs.readdirSync(path.join(root, 'src/core'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    assert.ok(files.length > 20);
    for (const file of files) {
      assert.doesNotMatch(fs.readFileSync(path.join(root, 'src/core', file), 'utf8'), /from 'vscode'|require\('vscode'\)/, file);
    }
  });
});
