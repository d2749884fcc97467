// The rules for the name of a new token (legacy API) or API key (AppSec platform).

/** Characters a name may not contain (C0 and C1 control characters, DEL). */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * What is wrong with an already trimmed `name`, as a message starting with `noun` (e.g.
 * "Token name"), or undefined when it is acceptable.
 */
export function nameProblem(name: string, maxLength: number, noun: string): string | undefined {
  if (name.length === 0) return `${noun} must not be empty.`;
  // Count code points, not UTF-16 units, so an emoji counts as one character.
  if ([...name].length > maxLength) return `${noun} must be at most ${maxLength} characters.`;
  if (CONTROL_CHARACTERS.test(name)) return `${noun} must not contain control characters.`;
  return undefined;
}
