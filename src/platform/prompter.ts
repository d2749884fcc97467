/**
 * Everything commands ask of the person at the keyboard goes through `Prompter`: one interface for
 * picks, input boxes, modal dialogs and notifications, implemented with VS Code's quick input,
 * dialogs and notifications (`VSCodePrompter`), and injected wherever a question is asked.
 */
export interface Choice<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
  /** For `pickMany`: ticked when the list opens. */
  picked?: boolean;
  /** For `pickMany`: the heading of the group this choice starts (a separator above it). */
  group?: string;
}

export interface PickOptions {
  title: string;
  placeholder?: string;
}

export interface InputOptions {
  title: string;
  prompt: string;
  value?: string;
  placeholder?: string;
  /** A password box: what is typed is not shown. */
  password?: boolean;
  /** Returns a message while the input is not acceptable. */
  validate?: (value: string) => string | undefined;
}

export type MessageSeverity = 'info' | 'warning' | 'error';

export interface Prompter {
  pick<T>(choices: Choice<T>[], options: PickOptions): Promise<T | undefined>;
  /** A list with a box to tick per choice; undefined when dismissed. */
  pickMany<T>(choices: Choice<T>[], options: PickOptions): Promise<T[] | undefined>;
  input(options: InputOptions): Promise<string | undefined>;
  /** A modal dialog; resolves to the chosen button, or undefined when dismissed. */
  modal(severity: MessageSeverity, message: string, detail: string, buttons: string[]): Promise<string | undefined>;
  /**
   * A notification. It resolves when the user picks an action or dismisses it, which may be
   * never: callers must not await it in a command's main path.
   */
  notify(severity: MessageSeverity, message: string, ...actions: string[]): Promise<string | undefined>;
}
