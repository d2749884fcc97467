import * as vscode from 'vscode';
import type { Choice, InputOptions, MessageSeverity, PickOptions, Prompter } from './prompter';

export class VSCodePrompter implements Prompter {
  async pick<T>(choices: Choice<T>[], options: PickOptions): Promise<T | undefined> {
    const picked = await vscode.window.showQuickPick(
      choices.map((choice) => ({ label: choice.label, description: choice.description, detail: choice.detail, choice })),
      { title: options.title, placeHolder: options.placeholder, ignoreFocusOut: true, matchOnDescription: true },
    );
    return picked?.choice.value;
  }

  async pickMany<T>(choices: Choice<T>[], options: PickOptions): Promise<T[] | undefined> {
    type Item = vscode.QuickPickItem & { choice?: Choice<T> };
    const items: Item[] = choices.flatMap((choice): Item[] => [
      ...(choice.group ? [{ label: choice.group, kind: vscode.QuickPickItemKind.Separator }] : []),
      { label: choice.label, description: choice.description, detail: choice.detail, picked: choice.picked, choice },
    ]);
    const picked = await vscode.window.showQuickPick(items, {
      title: options.title,
      placeHolder: options.placeholder,
      ignoreFocusOut: true,
      matchOnDescription: true,
      canPickMany: true,
    });
    return picked?.flatMap((item) => (item.choice ? [item.choice.value] : []));
  }

  async input(options: InputOptions): Promise<string | undefined> {
    return vscode.window.showInputBox({
      title: options.title,
      prompt: options.prompt,
      value: options.value,
      placeHolder: options.placeholder,
      password: options.password,
      ignoreFocusOut: true,
      validateInput: options.validate,
    });
  }

  async modal(severity: MessageSeverity, message: string, detail: string, buttons: string[]): Promise<string | undefined> {
    return show(severity)(message, { modal: true, detail }, ...buttons);
  }

  async notify(severity: MessageSeverity, message: string, ...actions: string[]): Promise<string | undefined> {
    return show(severity)(message, ...actions);
  }
}

function show(severity: MessageSeverity) {
  if (severity === 'error') return vscode.window.showErrorMessage;
  if (severity === 'warning') return vscode.window.showWarningMessage;
  return vscode.window.showInformationMessage;
}
