/**
 * Encrypts a secret for GitHub as it documents: a libsodium sealed box (`crypto_box_seal`) to the
 * repository's public key, base64 (original variant). libsodium is loaded on the first call,
 * only by the command that stores a secret: activation neither parses nor runs it.
 */
import type * as Sodium from 'libsodium-wrappers';

let loading: Promise<typeof Sodium> | undefined;

function sodium(): Promise<typeof Sodium> {
  loading ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require('libsodium-wrappers') as typeof Sodium & { default?: typeof Sodium };
    const library = loaded.default ?? loaded;
    await library.ready;
    return library;
  })();
  return loading;
}

/** `value` sealed to `publicKeyBase64`, as base64. */
export async function sealForGitHub(value: string, publicKeyBase64: string): Promise<string> {
  const library = await sodium();
  const key = library.from_base64(publicKeyBase64, library.base64_variants.ORIGINAL);
  return library.to_base64(library.crypto_box_seal(library.from_string(value), key), library.base64_variants.ORIGINAL);
}
