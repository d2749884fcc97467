/** A one-way fingerprint, for remembering that a secret was seen without keeping the secret. */
import { createHash } from 'node:crypto';

export function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
