/** The real platform: VS Code's secret storage, clipboard, dialogs, settings and log channel. */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { systemClock } from '../core/ports';
import { vscodeGitLocation } from './gitLocation';
import { LogOutput } from './logOutput';
import type { Platform } from './platform';
import { VSCodeSettings } from './settings';
import { VSCodePrompter } from './vscodePrompter';

export function createVSCodePlatform(context: vscode.ExtensionContext): Platform {
  const log = new LogOutput();
  const settings = new VSCodeSettings();
  context.subscriptions.push(log, settings);
  return {
    prompter: new VSCodePrompter(),
    clipboard: vscode.env.clipboard,
    secrets: context.secrets,
    state: context.globalState,
    settings,
    log,
    clock: systemClock,
    userAgent: userAgentOf(context),
    homeDirectory: os.homedir(),
    git: vscodeGitLocation(),
  };
}

function userAgentOf(context: vscode.ExtensionContext): string {
  return `CodeThreat-Access-Tokens-VSCode/${String(context.extension.packageJSON.version ?? '0.0.0')} (VS Code ${vscode.version})`;
}
