/**
 * Copies a secret and clears it from the clipboard after `codethreat.clipboardClearSeconds`, but
 * only if the clipboard still holds it (the user may have copied something else since). Only a
 * digest of the value is kept while waiting. Closing or reloading the window does not leave the
 * value behind: `flush()` (run at deactivation) clears at once whatever is still waiting.
 */
import type { Clipboard, Clock, Disposable } from '../ports';
import { digest } from '../util/digest';

interface PendingClear {
  digest: string;
  timer: Disposable;
}

export class ClipboardGuard {
  readonly #pending = new Set<PendingClear>();

  constructor(
    private readonly clipboard: Clipboard,
    private readonly clock: Clock,
    private readonly clearAfterSeconds: () => number,
    private readonly onCleared: () => void,
  ) {}

  async copy(value: string): Promise<void> {
    await this.clipboard.writeText(value);
    const seconds = this.clearAfterSeconds();
    if (!(seconds > 0)) return;
    const pending: PendingClear = { digest: digest(value), timer: { dispose: () => undefined } };
    pending.timer = this.clock.setTimeout(() => void this.#clear(pending).then((cleared) => cleared && this.onCleared()), seconds * 1000);
    this.#pending.add(pending);
  }

  /** Clears now every copied value whose delay has not run out (the window is closing). */
  async flush(): Promise<void> {
    await Promise.all([...this.#pending].map((pending) => this.#clear(pending)));
  }

  /** True when the clipboard held the value and was cleared. */
  async #clear(pending: PendingClear): Promise<boolean> {
    pending.timer.dispose();
    if (!this.#pending.delete(pending)) return false;
    try {
      if (digest(await this.clipboard.readText()) !== pending.digest) return false;
      await this.clipboard.writeText('');
      return true;
    } catch {
      return false; // a clipboard that cannot be read is left alone
    }
  }

  dispose(): void {
    void this.flush();
  }
}
