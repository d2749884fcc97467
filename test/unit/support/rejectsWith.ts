// Shared by the API client and probe tests: a call must fail with one kind of CodeThreatApiError.
import * as assert from 'node:assert/strict';
import { CodeThreatApiError, type ApiErrorKind } from '../../../src/core/api/errors';

/** Awaits `promise`, asserts that it failed with a CodeThreatApiError of `kind`, and returns that error. */
export async function rejectsWith(promise: Promise<unknown>, kind: ApiErrorKind, check?: (error: CodeThreatApiError) => void): Promise<CodeThreatApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CodeThreatApiError, `expected CodeThreatApiError, got ${String(error)}`);
    assert.equal(error.kind, kind, `expected ${kind}, got ${error.kind}: ${error.message}`);
    check?.(error);
    return error;
  }
  assert.fail(`expected a ${kind} error, but the call succeeded`);
}
