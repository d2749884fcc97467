// Which git runs: the built-in Git extension's, else the `git.path` setting's, else `git` on PATH
// (absolute entries only); always an absolute path, never one found in a workspace folder.
import * as assert from 'node:assert/strict';
import { findGit, type GitLocation, type ProgramSearch } from '../../src/core/util/gitExecutable';

function location(builtIn: string | undefined, configured: string[] = []): GitLocation {
  return { builtInGitPath: () => builtIn, configuredGitPaths: () => configured };
}

function search(platform: NodeJS.Platform, pathVariable: string, files: string[], pathExtVariable?: string): ProgramSearch {
  const existing = new Set(files);
  return { platform, pathVariable, pathExtVariable, isFile: (file) => existing.has(file) };
}

suite('findGit: the git VS Code would run', () => {
  const linux = search('linux', '/usr/local/bin:/usr/bin', ['/opt/vscode-git/git', '/home/me/tools/git', '/usr/bin/git']);

  test('1. the built-in Git extension’s git comes first', () => {
    assert.equal(findGit(location('/opt/vscode-git/git', ['/home/me/tools/git']), linux), '/opt/vscode-git/git');
  });

  test('2. then the git.path setting: the first entry that is a file', () => {
    assert.equal(findGit(location(undefined, ['/nowhere/git', '/home/me/tools/git']), linux), '/home/me/tools/git');
    assert.equal(findGit(location('/not/there/git', ['/home/me/tools/git']), linux), '/home/me/tools/git', 'a built-in path that is no file is passed over');
  });

  test('3. then git on PATH, by absolute path', () => {
    assert.equal(findGit(location(undefined), linux), '/usr/bin/git');
  });

  test('a relative path is never used, wherever it comes from: it would be looked up in the working directory', () => {
    const repo = search('linux', '.:bin:/usr/bin', ['git', './git', 'bin/git', '/usr/bin/git']);
    assert.equal(findGit(location('git', ['./git', 'bin/git']), repo), '/usr/bin/git');
  });

  test('Windows: a repository’s own git.exe is not found; PATH’s is, with its PATHEXT extension', () => {
    const windows = search('win32', '.;C:\\repo\\tools;C:\\Program Files\\Git\\cmd', ['git.exe', '.\\git.exe', 'C:\\Program Files\\Git\\cmd\\git.exe'], '.COM;.EXE;.BAT;.CMD');
    assert.equal(findGit(location(undefined, ['git.exe']), windows), 'C:\\Program Files\\Git\\cmd\\git.exe');
    assert.equal(findGit(location('C:\\Program Files\\Git\\cmd\\git.exe'), windows), 'C:\\Program Files\\Git\\cmd\\git.exe');
  });

  test('no git anywhere: undefined (the caller acts as without git)', () => {
    assert.equal(findGit(location(undefined), search('linux', '/usr/bin', [])), undefined);
    assert.equal(findGit(location(undefined), search('linux', '', ['/usr/bin/git'])), undefined);
  });
});
