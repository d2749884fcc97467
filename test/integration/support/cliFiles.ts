/**
 * The CodeThreat CLIs' files as the CLIs write them, in the home folder the test platform gives
 * the extension (an empty temporary folder of the tests' own), and the environment variables the
 * import looks at: written by tests, cleared between them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI_VARIABLE_SETS } from '../../../src/core/api/cliVariables';

/** Every variable the import reads, of both API generations. */
export const IMPORT_ENVIRONMENT_VARIABLES = CLI_VARIABLE_SETS.flatMap((set) => [set.token, set.serverUrl, set.organization, ...(set.organizationId ? [set.organizationId] : [])]);

export const appsecCredentialsFile = (home: string) => path.join(home, '.codethreat', '.credentials');
export const classicConfigFile = (home: string) => path.join(home, '.codethreat_cli_config');
export const appsecEnvFile = (home: string) => path.join(home, '.codethreat', '.env');
export const appsecConfigYml = (home: string) => path.join(home, '.codethreat', 'config.yml');
export const appsecLegacyYml = (home: string) => path.join(home, '.codethreat.yml');
/** The AppSec CLI's files in a workspace folder. */
export const workspaceEnvFile = (folder: string) => path.join(folder, '.env');
export const workspaceCliYml = (folder: string) => path.join(folder, '.codethreat.yml');
const WORKSPACE_CLI_FILES = ['.env', '.codethreat.yml', '.codethreat.yaml'];

/** Writes a text file from lines (mode 0600 unless told), creating its folder; returns the text. */
export function writeLines(file: string, lines: string[], mode = 0o600): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const content = `${lines.join('\n')}\n`;
  fs.writeFileSync(file, content, { mode });
  fs.chmodSync(file, mode);
  return content;
}

/** Writes `~/.codethreat/.credentials` as `codethreat auth login` does (2-space JSON, mode 0600); returns the text. */
export function writeAppsecCredentials(home: string, fields: { apiKey?: string; serverUrl?: string; savedAt?: string }): string {
  const file = appsecCredentialsFile(home);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const content = JSON.stringify(fields, null, 2);
  writePrivate(file, content);
  return content;
}

/** Writes `~/.codethreat_cli_config` from lines (mode 0600); returns the text. */
export function writeClassicConfig(home: string, lines: string[]): string {
  const content = `${lines.join('\n')}\n`;
  writePrivate(classicConfigFile(home), content);
  return content;
}

function writePrivate(file: string, content: string): void {
  fs.writeFileSync(file, content, { mode: 0o600 });
  fs.chmodSync(file, 0o600); // a file that existed keeps its mode on write
}

/** The file's permission bits. */
export function modeOf(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

export function setEnvironment(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

/** No CLI file in the home folder (nor in `folders`, the workspace's), no import variable in the environment. */
export function clearCliCredentials(home: string, folders: string[] = []): void {
  fs.rmSync(path.join(home, '.codethreat'), { recursive: true, force: true });
  fs.rmSync(classicConfigFile(home), { force: true });
  fs.rmSync(appsecLegacyYml(home), { force: true });
  for (const folder of folders) for (const name of WORKSPACE_CLI_FILES) fs.rmSync(path.join(folder, name), { force: true });
  for (const name of IMPORT_ENVIRONMENT_VARIABLES) delete process.env[name];
}
