/** What VS Code knows about git, for `findGit`: the built-in Git extension's git and the `git.path` setting. */
import * as vscode from 'vscode';
import type { GitLocation } from '../core/util/gitExecutable';

/** The part of the built-in Git extension's API (`vscode.git`, version 1) read here. */
interface GitExtensionExports {
  getAPI(version: 1): { git: { path: string } };
}

export function vscodeGitLocation(): GitLocation {
  return {
    builtInGitPath() {
      // Only when it already runs: activating it here would start VS Code's whole git support.
      const extension = vscode.extensions.getExtension<GitExtensionExports>('vscode.git');
      if (!extension?.isActive) return undefined;
      try {
        return extension.exports.getAPI(1).git.path;
      } catch {
        return undefined; // git support turned off (git.enabled: false)
      }
    },
    configuredGitPaths() {
      // The user's value only: a workspace must not choose the program that runs (VS Code also
      // makes the setting machine-scoped).
      const value = vscode.workspace.getConfiguration('git').inspect<unknown>('path')?.globalValue;
      if (typeof value === 'string') return [value];
      return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
    },
  };
}
