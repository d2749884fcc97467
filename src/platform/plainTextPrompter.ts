/**
 * The prompter every feature uses: it hands the platform's prompter only plain text (see
 * core/util/untrustedText.ts). Messages, picks and buttons are one line each; a modal's detail
 * keeps its paragraphs, each made plain. So a server's or an argument's text that reached a
 * sentence unescaped still cannot become a notification link, an icon or a line of its own.
 * Names inside a detail are flattened where the sentence is formatted (`plainText` on each
 * `vscode.l10n.t` argument), since here a line break of the text cannot be told from one of ours.
 */
import { plainText, SENTENCE_LENGTH } from '../core/util/untrustedText';
import type { Choice, InputOptions, MessageSeverity, PickOptions, Prompter } from './prompter';

/** A message may hold a sentence and a server's sentence in it; a detail paragraph a little more. */
const MESSAGE_LENGTH = 2 * SENTENCE_LENGTH;
const PARAGRAPH_LENGTH = 3 * SENTENCE_LENGTH;

export class PlainTextPrompter implements Prompter {
  constructor(private readonly inner: Prompter) {}

  pick<T>(choices: Choice<T>[], options: PickOptions): Promise<T | undefined> {
    return this.inner.pick(choices.map(plainChoice), plainOptions(options));
  }

  pickMany<T>(choices: Choice<T>[], options: PickOptions): Promise<T[] | undefined> {
    return this.inner.pickMany(choices.map(plainChoice), plainOptions(options));
  }

  /** The prefilled value stays as it is: it is what the user edits, not what they read. */
  input(options: InputOptions): Promise<string | undefined> {
    const validate = options.validate;
    return this.inner.input({
      ...options,
      title: plainText(options.title, MESSAGE_LENGTH),
      prompt: plainText(options.prompt, MESSAGE_LENGTH),
      placeholder: options.placeholder === undefined ? undefined : plainText(options.placeholder, MESSAGE_LENGTH),
      validate: validate && ((value) => optionalPlain(validate(value))),
    });
  }

  async modal(severity: MessageSeverity, message: string, detail: string, buttons: string[]): Promise<string | undefined> {
    const shown = buttons.map((button) => plainText(button));
    const answer = await this.inner.modal(severity, plainText(message, MESSAGE_LENGTH), plainParagraphs(detail), shown);
    return original(buttons, shown, answer);
  }

  async notify(severity: MessageSeverity, message: string, ...actions: string[]): Promise<string | undefined> {
    const shown = actions.map((action) => plainText(action));
    return original(actions, shown, await this.inner.notify(severity, plainText(message, MESSAGE_LENGTH), ...shown));
  }
}

function plainChoice<T>(choice: Choice<T>): Choice<T> {
  return {
    ...choice,
    label: plainText(choice.label),
    description: optionalPlain(choice.description),
    detail: optionalPlain(choice.detail),
    group: optionalPlain(choice.group),
  };
}

function plainOptions(options: PickOptions): PickOptions {
  return { title: plainText(options.title, MESSAGE_LENGTH), placeholder: optionalPlain(options.placeholder) };
}

function optionalPlain(text: string | undefined): string | undefined {
  return text === undefined ? undefined : plainText(text, MESSAGE_LENGTH);
}

/** Each line plain; the empty lines between paragraphs stay. */
function plainParagraphs(detail: string): string {
  return detail
    .split('\n')
    .map((line) => plainText(line, PARAGRAPH_LENGTH))
    .join('\n');
}

/** The caller's own label for the button or action that was chosen. */
function original(labels: string[], shown: string[], answer: string | undefined): string | undefined {
  const index = answer === undefined ? -1 : shown.indexOf(answer);
  return index < 0 ? answer : labels[index];
}
