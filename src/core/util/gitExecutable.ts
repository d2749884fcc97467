/**
 * Which git program to run, found the way VS Code finds it and never in a workspace folder. A bare
 * `git` run with a folder as its working directory is looked up in that folder first on Windows,
 * so a repository could ship its own `git.exe` and have it run. In order:
 *   1. the built-in Git extension's git: VS Code's own choice (its `git.path` setting and its
 *      discovery included), used only when that extension is already running;
 *   2. the `git.path` setting (a path, or a list of paths: the first that is a file);
 *   3. `git` on PATH, absolute entries only: a relative entry (`.`) names the working directory.
 * Every answer is an absolute path, so nothing is looked up anywhere else when it runs. Undefined
 * when there is none: callers then act as if there were no git.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What VS Code knows about git; a thin platform adapter provides it. */
export interface GitLocation {
  /** The git the built-in Git extension found, when that extension is active. */
  builtInGitPath(): string | undefined;
  /** The user's `git.path` setting, as a list (empty when unset). */
  configuredGitPaths(): readonly string[];
}

/** How to search PATH; Node's process and file system unless a test gives its own. */
export interface ProgramSearch {
  platform: NodeJS.Platform;
  /** The PATH variable. */
  pathVariable: string | undefined;
  /** The PATHEXT variable (Windows): which extensions make a file a program. */
  pathExtVariable: string | undefined;
  isFile(file: string): boolean;
}

export function findGit(location: GitLocation, search: ProgramSearch = nodeProgramSearch()): string | undefined {
  const paths = search.platform === 'win32' ? path.win32 : path.posix;
  const usable = (file: string | undefined): file is string => !!file && paths.isAbsolute(file) && search.isFile(file);
  const builtIn = location.builtInGitPath();
  if (usable(builtIn)) return builtIn;
  const configured = location.configuredGitPaths().find(usable);
  if (configured) return configured;
  return findOnPath('git', search);
}

function findOnPath(program: string, search: ProgramSearch): string | undefined {
  const paths = search.platform === 'win32' ? path.win32 : path.posix;
  const extensions = search.platform === 'win32' ? (search.pathExtVariable ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean) : [''];
  const folders = (search.pathVariable ?? '').split(paths.delimiter).filter((folder) => folder && paths.isAbsolute(folder));
  for (const folder of folders) {
    for (const extension of extensions) {
      const candidate = paths.join(folder, program + extension.toLowerCase());
      if (search.isFile(candidate)) return candidate;
    }
  }
  return undefined;
}

function nodeProgramSearch(): ProgramSearch {
  return {
    platform: process.platform,
    pathVariable: process.env.PATH ?? process.env.Path,
    pathExtVariable: process.env.PATHEXT,
    isFile: (file) => {
      try {
        return fs.statSync(file).isFile();
      } catch {
        return false;
      }
    },
  };
}
