/**
 * The two text formats the AppSec CLI reads its configuration from, read tolerantly and edited
 * one entry at a time (plain Node, no dependency):
 * - dotenv (`.env`): `NAME=value` lines as the `dotenv` package reads them: `export ` before the
 *   name tolerated, `NAME: value` too, values in '…', "…" or `…`, unquoted values end at `#`; a
 *   later line for a name wins;
 * - YAML, the flat part only: top-level `key: value` lines (plain, '…' or "…" scalars, ` #`
 *   comments). Nested maps, lists, block scalars and anything else are skipped, never guessed at:
 *   the CLI's settings the import reads (`apiKey`, `serverUrl`, `organizationId`) are flat.
 * Removing an entry takes out its lines only, and only while the file still holds the value that
 * was imported; every other line stays as it was, line endings included.
 */

type Entry = { name: string; value: string | undefined };

/** Parses the file into its entries by `entryOf`, a later line for a name winning; empty values are none. */
function entriesOf(content: string, entryOf: (line: string) => Entry | undefined): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of content.split(/\r?\n/)) {
    const entry = entryOf(line);
    if (!entry) continue;
    if (entry.value) values.set(entry.name, entry.value);
    else values.delete(entry.name);
  }
  return values;
}

/** The file without every line that sets one of `names`; undefined when none of them holds `expected` now. */
function withoutEntries(content: string, names: readonly string[], expected: string, entryOf: (line: string) => Entry | undefined): string | undefined {
  const values = entriesOf(content, entryOf);
  if (!names.some((name) => values.get(name) === expected)) return undefined;
  return content
    .split(/(?<=\n)/)
    .filter((line) => {
      const entry = entryOf(line.replace(/\r?\n$/, ''));
      return !entry || !names.includes(entry.name);
    })
    .join('');
}

// ---- dotenv -------------------------------------------------------------------------------------

const DOTENV_LINE = /^\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*|:\s+)(.*)$/;

function unescapeDoubleQuoted(value: string): string {
  return value.replace(/\\n/g, '\n').replace(/\\r/g, '\r').replace(/\\(["\\])/g, '$1');
}

function dotenvEntry(line: string): Entry | undefined {
  if (/^\s*#/.test(line)) return undefined;
  const match = DOTENV_LINE.exec(line);
  if (!match) return undefined;
  const raw = match[2].trim();
  const quoted = /^(['"`])(.*?)\1\s*(?:#.*)?$/.exec(raw);
  if (quoted) return { name: match[1], value: (quoted[1] === '"' ? unescapeDoubleQuoted(quoted[2]) : quoted[2]).trim() || undefined };
  if (/^['"`]/.test(raw)) return { name: match[1], value: undefined }; // an unclosed quote: a multi-line value, never a key
  return { name: match[1], value: raw.replace(/#.*$/, '').trim() || undefined };
}

/** A dotenv file's values by name. */
export function parseDotenv(content: string): Map<string, string> {
  return entriesOf(content, dotenvEntry);
}

/** The dotenv file without the lines that set `name`, if its value is `expected`. */
export function withoutDotenvEntry(content: string, name: string, expected: string): string | undefined {
  return withoutEntries(content, [name], expected, dotenvEntry);
}

// ---- flat YAML ----------------------------------------------------------------------------------

/** A top-level key (no indentation): plain, or quoted. */
const YAML_LINE = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([A-Za-z_$][\w$.-]*))[ \t]*:(?:[ \t]+(.*))?$/;

function yamlScalar(raw: string | undefined): string | undefined {
  const value = (raw ?? '').trim();
  if (!value || value.startsWith('#')) return undefined;
  const doubleQuoted = /^"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$/.exec(value);
  if (doubleQuoted) return unescapeDoubleQuoted(doubleQuoted[1]).replace(/\\t/g, '\t').trim() || undefined;
  const singleQuoted = /^'((?:[^']|'')*)'\s*(?:#.*)?$/.exec(value);
  if (singleQuoted) return singleQuoted[1].replace(/''/g, "'").trim() || undefined;
  // Flow collections, block scalars, anchors, aliases, tags, a quote left open: not a flat value.
  if (/^[[{|>&*!"']/.test(value)) return undefined;
  const plain = value.replace(/\s+#.*$/, '').trim();
  return plain === '~' || plain === 'null' ? undefined : plain || undefined;
}

function yamlEntry(line: string): Entry | undefined {
  const match = YAML_LINE.exec(line.replace(/^\uFEFF/, '').replace(/\s+$/, ''));
  if (!match) return undefined;
  const name = match[1] !== undefined ? unescapeDoubleQuoted(match[1]) : match[2] !== undefined ? match[2].replace(/''/g, "'") : match[3];
  return { name, value: yamlScalar(match[4]) };
}

/** A YAML file's flat top-level `key: value` entries by key. */
export function parseFlatYaml(content: string): Map<string, string> {
  return entriesOf(content, yamlEntry);
}

/** The YAML file without the top-level lines that set one of `names`, if one of them holds `expected`. */
export function withoutYamlEntry(content: string, names: readonly string[], expected: string): string | undefined {
  return withoutEntries(content, names, expected, yamlEntry);
}
