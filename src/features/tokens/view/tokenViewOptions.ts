/**
 * How the view shows tokens: the name filter and "only stale tokens" (for this window), and the
 * sort order (remembered per user in globalState). Also the filtering and sorting themselves.
 */
import type { AccessToken } from '../../../core/api/accessToken';
import type { KeyValueState } from '../../../core/ports';
import { stalenessOf } from '../../../core/tokens/staleness';
import { Emitter } from '../../../core/util/emitter';

export type SortOrder = 'created' | 'lastUsed' | 'name';

const SORT_KEY = 'codethreat.sortBy';

export class TokenViewOptions {
  readonly #onDidChange = new Emitter<void>();
  readonly onDidChange = this.#onDidChange.event;
  #filter = '';
  #staleOnly = false;
  #version = 0;

  constructor(
    private readonly state: KeyValueState,
    /** Days without use after which a token is stale (the `codethreat.staleAfterDays` setting). */
    readonly staleAfterDays: () => number,
    /** Days before an API key expires from which it is flagged (`codethreat.expiryWarningDays`). */
    readonly expiryWarningDays: () => number,
  ) {}

  /** Changes with every option change (part of what a rendered list depends on). */
  get version(): number {
    return this.#version;
  }

  #changed(): void {
    this.#version++;
    this.#onDidChange.fire();
  }

  get filter(): string {
    return this.#filter;
  }

  setFilter(text: string): void {
    this.#filter = text.trim();
    this.#changed();
  }

  get staleOnly(): boolean {
    return this.#staleOnly;
  }

  setStaleOnly(value: boolean): void {
    this.#staleOnly = value;
    this.#changed();
  }

  get sortBy(): SortOrder {
    const stored = this.state.get<SortOrder>(SORT_KEY);
    return stored === 'lastUsed' || stored === 'name' ? stored : 'created';
  }

  async setSortBy(order: SortOrder): Promise<void> {
    await this.state.update(SORT_KEY, order);
    this.#changed();
  }

  /** The tokens to show, in order. */
  apply(tokens: readonly AccessToken[], now: Date, locale: string): AccessToken[] {
    const needle = this.#filter.toLocaleLowerCase(locale);
    const staleAfter = this.staleAfterDays();
    const shown = tokens.filter(
      (token) =>
        (!needle || token.name.toLocaleLowerCase(locale).includes(needle)) &&
        (!this.#staleOnly || stalenessOf(token, now, staleAfter).stale),
    );
    return shown.sort(comparator(this.sortBy, locale));
  }

  dispose(): void {
    this.#onDidChange.dispose();
  }
}

function time(date: Date | null | undefined): number {
  return date ? date.getTime() : -Infinity;
}

function comparator(order: SortOrder, locale: string): (a: AccessToken, b: AccessToken) => number {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  if (order === 'name') return (a, b) => collator.compare(a.name, b.name);
  if (order === 'lastUsed') return (a, b) => time(b.lastUsedAt) - time(a.lastUsedAt) || time(b.createdAt) - time(a.createdAt);
  return (a, b) => time(b.createdAt) - time(a.createdAt);
}
