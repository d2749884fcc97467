import * as assert from 'node:assert/strict';
import { PlainTextPrompter } from '../../src/platform/plainTextPrompter';
import type { Choice, InputOptions, MessageSeverity, PickOptions, Prompter } from '../../src/platform/prompter';

/** Records what it was asked to show and answers with the first button, action or choice. */
class RecordingPrompter implements Prompter {
  readonly shown: string[] = [];
  details: string[] = [];

  async pick<T>(choices: Choice<T>[], options: PickOptions): Promise<T | undefined> {
    this.shown.push(options.title, ...choices.flatMap((c) => [c.label, c.description ?? '', c.detail ?? '']));
    return choices[0]?.value;
  }

  async pickMany<T>(choices: Choice<T>[], options: PickOptions): Promise<T[] | undefined> {
    this.shown.push(options.title, ...choices.flatMap((c) => [c.label, c.group ?? '']));
    return choices.map((c) => c.value);
  }

  async input(options: InputOptions): Promise<string | undefined> {
    this.shown.push(options.title, options.prompt, options.validate?.('x') ?? '');
    return options.value;
  }

  async modal(_severity: MessageSeverity, message: string, detail: string, buttons: string[]): Promise<string | undefined> {
    this.shown.push(message, ...buttons);
    this.details.push(detail);
    return buttons[0];
  }

  async notify(_severity: MessageSeverity, message: string, ...actions: string[]): Promise<string | undefined> {
    this.shown.push(message, ...actions);
    return actions[0];
  }
}

const LINK = '[Re-verify](command:workbench.action.terminal.new)';
const HOSTILE = `${LINK}\n$(lock)\u202Etxt.exe`;

suite('PlainTextPrompter', () => {
  test('everything it hands on is one line of plain text; a detail keeps its paragraphs', async () => {
    const inner = new RecordingPrompter();
    const prompter = new PlainTextPrompter(inner);
    await prompter.notify('error', `Failed: ${HOSTILE}`, HOSTILE);
    // A detail's line breaks are its paragraphs: names in it are flattened where the sentence is made.
    await prompter.modal('warning', HOSTILE, `First ${LINK} $(lock)\u202E\n\nSecond paragraph`, [HOSTILE]);
    await prompter.pick([{ label: HOSTILE, description: HOSTILE, detail: HOSTILE, value: 1 }], { title: HOSTILE });
    await prompter.pickMany([{ label: HOSTILE, group: HOSTILE, value: 1 }], { title: HOSTILE });
    await prompter.input({ title: HOSTILE, prompt: HOSTILE, validate: () => HOSTILE });
    for (const text of [...inner.shown, ...inner.details[0].split('\n')]) {
      assert.ok(!text.includes('](') && !text.includes('$(') && !/[\n\u202E]/.test(text), JSON.stringify(text));
    }
    assert.deepEqual(
      inner.details[0].split('\n').map((line) => line.slice(0, 12)),
      ['First [Re-ve', '', 'Second parag'],
    );
  });

  test('the caller gets its own label back for the button or action chosen', async () => {
    const prompter = new PlainTextPrompter(new RecordingPrompter());
    assert.equal(await prompter.modal('info', 'Delete?', '', [HOSTILE]), HOSTILE);
    assert.equal(await prompter.notify('info', 'Done.', HOSTILE), HOSTILE);
  });
});
