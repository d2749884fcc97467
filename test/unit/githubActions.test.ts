import * as assert from 'node:assert/strict';
import sodium from 'libsodium-wrappers';
import { GitHubActionsClient } from '../../src/core/ci/githubActionsClient';
import { parseOwnerAndName, repositoryFromOwnerAndName, repositoryFromRemote, secretsPageUrl, type GitHubRepository } from '../../src/core/ci/githubRepository';
import { sealForGitHub } from '../../src/core/ci/sealedBox';
import { isApiError } from '../../src/core/api/errors';
import { startGitHubImitation, type RunningGitHubImitation } from '../emulator/github/githubImitation';

const TOKEN = 'gho_unitTestToken0123456789';

suite('GitHub repositories from git remotes', () => {
  const GHES = 'https://ghe.example.com';
  const cases: [string, string | undefined, string | undefined][] = [
    ['https://github.com/acme/webapp.git', 'github acme/webapp https://api.github.com', undefined],
    ['https://github.com/acme/webapp', 'github acme/webapp https://api.github.com', undefined],
    ['git@github.com:acme/web.app.git', 'github acme/web.app https://api.github.com', undefined],
    ['ssh://git@github.com/acme/webapp.git', 'github acme/webapp https://api.github.com', undefined],
    ['https://ghe.example.com/team/service.git', 'github-enterprise team/service https://ghe.example.com/api/v3', GHES],
    ['git@ghe.example.com:team/service.git', 'github-enterprise team/service https://ghe.example.com/api/v3', GHES],
    ['https://ghe.example.com/team/service.git', undefined, undefined],
    ['https://gitlab.com/acme/webapp.git', undefined, GHES],
    ['https://github.com/acme', undefined, undefined],
    ['https://github.com/acme/webapp/extra', undefined, undefined],
    ['file:///srv/git/webapp', undefined, undefined],
  ];
  for (const [remote, expected, enterprise] of cases) {
    test(`${remote}${enterprise ? ` (GHES ${enterprise})` : ''}`, () => {
      const found = repositoryFromRemote(remote, enterprise);
      assert.equal(found && `${found.provider} ${found.owner}/${found.name} ${found.apiUrl}`, expected);
    });
  }

  test('github.com maps to api.github.com: no request needed to know that', () => {
    const repository = repositoryFromOwnerAndName('acme', 'webapp', undefined, false)!;
    assert.equal(repository.apiUrl, 'https://api.github.com');
    assert.equal(secretsPageUrl(repository), 'https://github.com/acme/webapp/settings/secrets/actions');
    assert.equal(repositoryFromOwnerAndName('acme', 'webapp', undefined, true), undefined, 'no enterprise server configured');
  });

  test('typed owner/name', () => {
    assert.deepEqual(parseOwnerAndName(' acme/webapp '), { owner: 'acme', name: 'webapp' });
    for (const bad of ['acme', 'acme/', '/webapp', 'a/b/c', 'acme/..', 'ac me/webapp', 'acme/web app']) assert.equal(parseOwnerAndName(bad), undefined, bad);
  });

});

suite('GitHub imitation and the Actions client', () => {
  let github: RunningGitHubImitation;
  let repository: GitHubRepository;
  const client = () => new GitHubActionsClient({ userAgent: 'unit-test' }, github.apiUrl, TOKEN);

  suiteSetup(async () => {
    github = await startGitHubImitation();
  });
  suiteTeardown(() => github.close());
  setup(() => {
    github.reset();
    github.addToken(TOKEN, { 'acme/webapp': 'admin', 'acme/readonly': 'read' });
    repository = { ...repositoryFromOwnerAndName('acme', 'webapp', github.url, true)! };
  });

  test('serves the API under /api/v3 as GitHub Enterprise Server does, with rate-limit headers', async () => {
    assert.equal(repository.apiUrl, `${github.url}/api/v3`);
    const response = await fetch(`${github.apiUrl}/repos/acme/webapp/actions/secrets/public-key`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-ratelimit-limit'), '5000');
    assert.ok(Number(response.headers.get('x-ratelimit-remaining')) < 5000);
    assert.equal((await fetch(`${github.url}/repos/acme/webapp/actions/secrets/public-key`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status, 404, 'nothing outside /api/v3');
    assert.equal((await fetch(`${github.apiUrl}/repos/acme/webapp/actions/secrets/public-key`)).status, 401);
  });

  test('a sealed secret is opened by the imitation: the plaintext is what was sealed; the request carried only the sealed box', async () => {
    const key = await client().publicKey(repository, undefined);
    assert.equal(sodium.from_base64(key.key, sodium.base64_variants.ORIGINAL).length, 32, 'a real X25519 public key');
    const value = 'ctk_unit_secret_value_1234567890';
    await client().putSecret({ repository, name: 'CODETHREAT_API_KEY' }, key, value);
    assert.equal(github.secret('acme/webapp', 'CODETHREAT_API_KEY')?.plaintext, value);
    const put = github.requests.find((r) => r.method === 'PUT')!;
    assert.equal(put.status, 201);
    assert.ok(!put.body.includes(value), 'the value travels sealed');
    assert.ok(await client().secretUpdatedAt({ repository, name: 'CODETHREAT_API_KEY' }));
    assert.equal(await client().secretUpdatedAt({ repository, name: 'OTHER' }), undefined);
  });

  test('a box sealed to another key is refused (422)', async () => {
    const key = await client().publicKey(repository, undefined);
    const other = sodium.crypto_box_keypair();
    const wrongKey = { keyId: key.keyId, key: sodium.to_base64(other.publicKey, sodium.base64_variants.ORIGINAL) };
    await assert.rejects(client().putSecret({ repository, name: 'X' }, wrongKey, 'v'), (e) => isApiError(e, 'badRequest'));
    assert.equal(github.secret('acme/webapp', 'X'), undefined);
  });

  test('environment secrets have their own key pair and place', async () => {
    const key = await client().publicKey(repository, 'production');
    assert.notEqual(key.key, (await client().publicKey(repository, undefined)).key);
    await client().putSecret({ repository, name: 'CODETHREAT_API_KEY', environment: 'production' }, key, 'env-value');
    assert.equal(github.secret('acme/webapp', 'CODETHREAT_API_KEY', 'production')?.plaintext, 'env-value');
    assert.equal(github.secret('acme/webapp', 'CODETHREAT_API_KEY'), undefined);
    assert.ok(github.requests.some((r) => r.path === '/repos/acme/webapp/environments/production/secrets/CODETHREAT_API_KEY'));
  });

  test('variables: created when missing, updated when present', async () => {
    await client().setVariable(repository, 'CODETHREAT_SERVER_URL', 'https://one.example');
    await client().setVariable(repository, 'CODETHREAT_SERVER_URL', 'https://two.example');
    assert.equal(github.variable('acme/webapp', 'CODETHREAT_SERVER_URL'), 'https://two.example');
    assert.deepEqual(
      github.requests.map((r) => `${r.method} ${r.status}`),
      ['PATCH 404', 'POST 201', 'PATCH 204'],
    );
  });

  test('no access: 404 for a repository the token cannot see, 403 for read-only access; the token is in no error', async () => {
    const hidden = { ...repository, name: 'secret-project' };
    await assert.rejects(client().publicKey(hidden, undefined), (e) => isApiError(e, 'notFound') && !String(e.message).includes(TOKEN));
    await assert.rejects(client().publicKey({ ...repository, name: 'readonly' }, undefined), (e) => isApiError(e, 'forbidden'));
  });

  test('injected faults answer once', async () => {
    github.fault({ method: 'PUT', path: /\/actions\/secrets\//, status: 500 });
    const key = await client().publicKey(repository, undefined);
    await assert.rejects(client().putSecret({ repository, name: 'A' }, key, 'v'), (e) => isApiError(e, 'server'));
    await client().putSecret({ repository, name: 'A' }, key, 'v');
    assert.equal(github.secret('acme/webapp', 'A')?.plaintext, 'v');
  });

  test('sealForGitHub makes a box only the private key opens', async () => {
    await sodium.ready;
    const pair = sodium.crypto_box_keypair();
    const sealed = await sealForGitHub('hello', sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL));
    const opened = sodium.crypto_box_seal_open(sodium.from_base64(sealed, sodium.base64_variants.ORIGINAL), pair.publicKey, pair.privateKey);
    assert.equal(sodium.to_string(opened), 'hello');
  });
});
