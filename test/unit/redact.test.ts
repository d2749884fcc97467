import * as assert from 'node:assert/strict';
import { REDACTED, redact } from '../../src/core/api/redact';
import { RedactingLogger } from '../../src/core/logging/logger';

suite('redaction', () => {
  const value = 'ct_Zx81QpLm04TyUe93NbVc7RsKa2WdJh6GfYo5Ii0P';

  test('removes known secrets and anything shaped like a token or bearer credential', () => {
    assert.equal(redact(`token ${value} leaked`), `token ${REDACTED} leaked`);
    assert.equal(redact('password hunter22 was sent', ['hunter22']), `password ${REDACTED} was sent`);
    assert.equal(redact('Authorization: Bearer abcdefghijkl'), `Authorization: Bearer ${REDACTED}`);
    assert.equal(redact('jwt eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.c2lnbmF0dXJlMTIz end'), `jwt ${REDACTED} end`);
    assert.equal(redact('nothing secret here'), 'nothing secret here');
  });

  test('a key is redacted whatever its prefix: ct_, ctk_ by shape; one without a prefix as a known secret', () => {
    const ctk = 'ctk_Qm3vX8pL2nR7tY1wZ5cB9dF4gH6jK0sA';
    assert.equal(redact(`Invalid API key ${ctk}.`), `Invalid API key ${REDACTED}.`);
    const bare = 'Qm3vX8pL2nR7tY1wZ5cB9dF4gH6jK0sAe1';
    assert.equal(redact(`Invalid API key ${bare}.`, [bare]), `Invalid API key ${REDACTED}.`);
  });

  test('the logger scrubs every line, including secrets registered later', () => {
    const lines: string[] = [];
    const sink = { debug: (m: string) => lines.push(m), info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    const logger = new RedactingLogger(sink);
    logger.trackSecret('session-secret-123');
    logger.info('using session-secret-123 now');
    logger.debug('again session-secret-123');
    logger.error(`created ${value}`);
    assert.deepEqual(lines, [`using ${REDACTED} now`, `again ${REDACTED}`, `created ${REDACTED}`]);
  });

  test('the logger keeps a secret only while someone holds it', () => {
    const lines: string[] = [];
    const sink = { debug: (m: string) => lines.push(m), info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    const logger = new RedactingLogger(sink);
    const first = logger.trackSecret('plain-secret-value');
    const second = logger.trackSecret('plain-secret-value');
    first.dispose();
    first.dispose(); // a second dispose of the same handle releases nothing more
    logger.info('a plain-secret-value');
    second.dispose();
    // Forgotten: the logger no longer holds the value (it is not shaped like a token either).
    logger.info('b plain-secret-value');
    assert.deepEqual(lines, [`a ${REDACTED}`, 'b plain-secret-value']);
  });
});
