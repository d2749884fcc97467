/**
 * A `Prompter` whose answers a test scripts in advance. Every question is recorded; a question
 * nobody scripted fails the test (by answering "cancel" and recording the surprise), so palette
 * paths are tested step by step.
 */
import type { Choice, InputOptions, MessageSeverity, PickOptions, Prompter } from '../../../src/platform/prompter';

export type Step =
  | { pick: string | RegExp; title?: RegExp }
  /** Ticks exactly these (by label); the test sees what was offered and pre-ticked. */
  | { pickMany: (string | RegExp)[]; title?: RegExp }
  | { input: string; prompt?: RegExp; expectPassword?: boolean }
  /** `whileOpen` runs before the answer, as if something happened while the user read the modal. */
  | { modal: string | undefined; message?: RegExp; whileOpen?: () => PromiseLike<void> }
  /** Dismisses whatever is asked next (Escape). */
  | { cancel: true };

export interface Notification {
  severity: MessageSeverity;
  message: string;
  actions: string[];
}

export interface AskedModal {
  severity: MessageSeverity;
  message: string;
  detail: string;
  buttons: string[];
}

export class ScriptedPrompter implements Prompter {
  readonly notifications: Notification[] = [];
  readonly modals: AskedModal[] = [];
  readonly inputs: InputOptions[] = [];
  readonly picks: { options: PickOptions; labels: string[]; descriptions: (string | undefined)[]; preselected?: string[] }[] = [];
  readonly surprises: string[] = [];
  /** Answers notifications' actions: given the notification, which action to click (if any). */
  onNotify: (notification: Notification) => string | undefined = () => undefined;

  constructor(private readonly steps: Step[] = []) {}

  script(...steps: Step[]): this {
    this.steps.push(...steps);
    return this;
  }

  /** Puts steps before the ones already scripted (for a helper that runs a command first). */
  prepend(...steps: Step[]): this {
    this.steps.unshift(...steps);
    return this;
  }

  get remainingSteps(): number {
    return this.steps.length;
  }

  async pick<T>(choices: Choice<T>[], options: PickOptions): Promise<T | undefined> {
    this.picks.push({ options, labels: choices.map((c) => c.label), descriptions: choices.map((c) => c.description) });
    const step = this.steps.shift();
    if (step && 'cancel' in step) return undefined;
    if (!step || !('pick' in step)) return this.#surprise(`pick "${options.title}"`, step);
    const chosen = choices.find((c) => (typeof step.pick === 'string' ? c.label === step.pick : step.pick.test(c.label)));
    if (!chosen) {
      this.surprises.push(`no choice matches ${String(step.pick)} among ${choices.map((c) => c.label).join(' | ')}`);
      return undefined;
    }
    return chosen.value;
  }

  async pickMany<T>(choices: Choice<T>[], options: PickOptions): Promise<T[] | undefined> {
    this.picks.push({ options, labels: choices.map((c) => c.label), descriptions: choices.map((c) => c.description), preselected: choices.filter((c) => c.picked).map((c) => c.label) });
    const step = this.steps.shift();
    if (step && 'cancel' in step) return undefined;
    if (!step || !('pickMany' in step)) return this.#surprise(`pickMany "${options.title}"`, step);
    const matches = (label: string) => step.pickMany.some((p) => (typeof p === 'string' ? p === label : p.test(label)));
    const chosen = choices.filter((c) => matches(c.label));
    if (chosen.length !== step.pickMany.length) this.surprises.push(`pickMany: ${step.pickMany.map(String).join(', ')} not all among ${choices.map((c) => c.label).join(' | ')}`);
    return chosen.map((c) => c.value);
  }

  async input(options: InputOptions): Promise<string | undefined> {
    this.inputs.push(options);
    const step = this.steps.shift();
    if (step && 'cancel' in step) return undefined;
    if (!step || !('input' in step)) return this.#surprise(`input "${options.prompt}"`, step);
    if (step.prompt && !step.prompt.test(options.prompt)) this.surprises.push(`input prompt "${options.prompt}" does not match ${step.prompt}`);
    if (step.expectPassword !== undefined && step.expectPassword !== !!options.password) {
      this.surprises.push(`input "${options.prompt}" password=${!!options.password}, expected ${step.expectPassword}`);
    }
    const problem = options.validate?.(step.input);
    if (problem) {
      // A real input box would not accept this value; the test meant to check validation.
      this.surprises.push(`input "${step.input}" rejected by validation: ${problem}`);
      return undefined;
    }
    return step.input;
  }

  async modal(severity: MessageSeverity, message: string, detail: string, buttons: string[]): Promise<string | undefined> {
    this.modals.push({ severity, message, detail, buttons });
    const step = this.steps.shift();
    if (step && 'cancel' in step) return undefined;
    if (!step || !('modal' in step)) return this.#surprise(`modal "${message}"`, step);
    if (step.message && !step.message.test(message)) this.surprises.push(`modal "${message}" does not match ${step.message}`);
    if (step.modal !== undefined && !buttons.includes(step.modal)) this.surprises.push(`modal has no button "${step.modal}" (${buttons.join(', ')})`);
    await step.whileOpen?.();
    return step.modal;
  }

  async notify(severity: MessageSeverity, message: string, ...actions: string[]): Promise<string | undefined> {
    const notification = { severity, message, actions };
    this.notifications.push(notification);
    return this.onNotify(notification);
  }

  messages(severity?: MessageSeverity): string[] {
    return this.notifications.filter((n) => !severity || n.severity === severity).map((n) => n.message);
  }

  #surprise<T>(what: string, step: Step | undefined): T | undefined {
    this.surprises.push(`unexpected ${what}; next scripted step: ${JSON.stringify(step)}`);
    if (step) this.steps.unshift(step);
    return undefined;
  }
}
