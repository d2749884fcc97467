/**
 * Copies a secret and clears it from the clipboard after `codethreat.clipboardClearSeconds`, but
 * only if the clipboard still holds it (the user may have copied something else since). Only a
 * digest of the value is kept while waiting.
 */
import { digest } from '../util/digest';

export interface ReadableClipboard {
  writeText(value: string): Thenable<void>;
  readText(): Thenable<string>;
}

export class ClipboardAutoClear {
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly clipboard: () => ReadableClipboard,
    private readonly clearAfterSeconds: () => number,
    private readonly onCleared: () => void,
  ) {}

  async copy(value: string): Promise<void> {
    await this.clipboard().writeText(value);
    const seconds = this.clearAfterSeconds();
    if (!(seconds > 0)) return;
    const copied = digest(value);
    const timer = setTimeout(async () => {
      this.#timers.delete(timer);
      try {
        if (digest(await this.clipboard().readText()) !== copied) return;
        await this.clipboard().writeText('');
        this.onCleared();
      } catch {
        // A clipboard that cannot be read is left alone.
      }
    }, seconds * 1000);
    this.#timers.add(timer);
  }

  dispose(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
