/**
 * Reads a list that a server answers in pages, whatever the dialect: the first page says where the
 * list ends (a `total`, a number of pages) or only whether more follows (`hasNext`, a `next` link);
 * the pages after it are then asked for a few at a time (when the end is known) or one after the
 * other (when it is not). A list is never silently short: past the page cap, or when a later page
 * fails, the pages read so far come back marked `incomplete`, with how many entries were read and,
 * where the server said, how many there are.
 */
import type { IncompleteList, ParsedTokenList } from './accessToken';
import { CodeThreatApiError, isApiError } from './errors';

/** Where one page says it is, as the dialect's contract reads it; every field is optional but `page`. */
export interface PagePosition {
  /** This page's number (1 for the first). */
  page: number;
  /** Entries per page, where the server says. */
  limit?: number;
  /** Entries in the whole list, where the server says. */
  total?: number;
  /** Pages in the whole list, where the server says. */
  totalPages?: number;
  /** Whether a page follows, where the server says so without a total (`hasNext`, a `next` link). */
  hasNext?: boolean;
  /** The number of the page that follows, where a `next` link names it. */
  nextPage?: number;
}

/** One page as fetched: what it reads as and where it says it is. */
export interface FetchedPage {
  parsed: ParsedTokenList;
  position: PagePosition | undefined;
  /** Bytes of the answer, counted against the list's byte budget. */
  bytes: number;
}

export interface PagedListOptions {
  /** Fetches one page (undefined: the first, asked for without a page number), reading at most `maxBytes`. */
  fetchPage(page: number | undefined, maxBytes: number, signal: AbortSignal): Promise<FetchedPage>;
  /** Pages read at most, the first included. */
  maxPages: number;
  /** Pages asked for at once once the end of the list is known. */
  concurrency: number;
  /** Bytes read at most over all pages. */
  maxBytes: number;
  signal?: AbortSignal;
}

/** Failures that end the whole list rather than make it incomplete: the credential or the caller said no. */
const FATAL_KINDS = ['cancelled', 'unauthorized', 'forbidden'] as const;

/** The entries a parsed page holds: listed, skipped and revoked ones (what a server's `total` counts). */
export function entryCount(list: ParsedTokenList): number {
  return list.tokens.length + list.skipped.length + (list.revokedCount ?? 0);
}

/** The page the list ends at, when the first page says; undefined when it says only whether more follows. */
function lastPageOf(first: FetchedPage, position: PagePosition): number | undefined {
  if (position.totalPages !== undefined) return position.totalPages;
  if (position.total === undefined) return undefined;
  // The page size the server used: what it says, else what it sent (it may send fewer than asked for).
  const size = position.limit ?? entryCount(first.parsed);
  return size > 0 ? Math.ceil(position.total / size) : position.page;
}

/** The pages of one list in order, the first one first; `incomplete` when some were not read. */
export async function readPagedList(options: PagedListOptions): Promise<{ pages: ParsedTokenList[]; incomplete?: IncompleteList }> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (options.signal?.aborted) controller.abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    const first = await options.fetchPage(undefined, options.maxBytes, controller.signal);
    const position = first.position;
    if (!position) return { pages: [first.parsed] };
    const budget = { left: options.maxBytes - first.bytes };
    const lastPage = lastPageOf(first, position);
    const read =
      lastPage === undefined
        ? await readFollowing(options, controller, position, budget)
        : await readKnown(options, controller, position.page, lastPage, budget);
    const pages = [first.parsed, ...read.pages];
    if (!read.stop) return { pages };
    const incomplete: IncompleteList = { read: pages.reduce((sum, page) => sum + entryCount(page), 0), reason: read.stop };
    if (position.total !== undefined) incomplete.total = position.total;
    return { pages, incomplete };
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}

type Stop = IncompleteList['reason'];
interface ReadPages {
  pages: ParsedTokenList[];
  stop?: Stop;
}

/**
 * Pages `from + 1 … last`, `concurrency` at a time, kept in order. The first page that failed, or
 * that took the pages before it past the byte budget, is where the reading stops; whichever page
 * answered first, the outcome is the same.
 */
async function readKnown(options: PagedListOptions, controller: AbortController, from: number, last: number, budget: { left: number }): Promise<ReadPages> {
  const end = Math.min(last, options.maxPages);
  const startLeft = budget.left;
  const results: FetchedPage[] = [];
  const outcome: { failed?: { page: number; error: unknown } } = {};
  let next = from + 1;
  const worker = async () => {
    while (next <= end && !outcome.failed) {
      const page = next++;
      try {
        // Each request may read at most what is left now: the pages in flight together stay bounded.
        const fetched = await options.fetchPage(page, Math.max(0, budget.left), controller.signal);
        budget.left -= fetched.bytes;
        results[page - from - 1] = fetched;
      } catch (error) {
        if (options.signal?.aborted || isApiError(error, ...FATAL_KINDS)) throw error;
        // The earliest failed page decides where the list stops; later pages in flight are of no use.
        outcome.failed = earlier(outcome.failed, { page, error });
      }
    }
  };
  const workers = Array.from({ length: Math.min(options.concurrency, Math.max(0, end - from)) }, worker);
  try {
    await Promise.all(workers);
  } catch (error) {
    controller.abort();
    throw error;
  }
  const pages: ParsedTokenList[] = [];
  let left = startLeft;
  for (let page = from + 1; page <= end; page++) {
    const fetched = results[page - from - 1];
    if (outcome.failed?.page === page || !fetched) break;
    left -= fetched.bytes;
    if (left < 0) return { pages, stop: { kind: 'pageFailed', page, error: tooLarge(options.maxBytes) } };
    pages.push(fetched.parsed);
  }
  const failed = outcome.failed;
  if (failed) return { pages, stop: { kind: 'pageFailed', page: failed.page, error: failed.error } };
  if (last > options.maxPages) return { pages, stop: { kind: 'pageLimit', pages: options.maxPages } };
  return { pages };
}

function tooLarge(maxBytes: number): CodeThreatApiError {
  return new CodeThreatApiError('tooLarge', `The list is larger than ${maxBytes} bytes.`, { limit: maxBytes });
}

function earlier(a: { page: number; error: unknown } | undefined, b: { page: number; error: unknown }): { page: number; error: unknown } {
  return a && a.page < b.page ? a : b;
}

/** Pages one after the other while each says another follows (no total to plan by). */
async function readFollowing(options: PagedListOptions, controller: AbortController, first: PagePosition, budget: { left: number }): Promise<ReadPages> {
  const pages: ParsedTokenList[] = [];
  let position: PagePosition | undefined = first;
  let count = 1;
  while (position && (position.hasNext || position.nextPage !== undefined)) {
    if (count >= options.maxPages) return { pages, stop: { kind: 'pageLimit', pages: options.maxPages } };
    // A `next` that does not move forward is read as "the page after this one".
    const page: number = position.nextPage !== undefined && position.nextPage > position.page ? position.nextPage : position.page + 1;
    try {
      const fetched = await fetchWithin(options, controller, page, budget);
      pages.push(fetched.parsed);
      position = fetched.position;
      count++;
    } catch (error) {
      if (options.signal?.aborted || isApiError(error, ...FATAL_KINDS)) throw error;
      return { pages, stop: { kind: 'pageFailed', page, error } };
    }
  }
  return { pages };
}

/** One page within what is left of the byte budget, which it then uses up. */
async function fetchWithin(options: PagedListOptions, controller: AbortController, page: number, budget: { left: number }): Promise<FetchedPage> {
  const fetched = await options.fetchPage(page, Math.max(0, budget.left), controller.signal);
  budget.left -= fetched.bytes;
  if (budget.left < 0) throw tooLarge(options.maxBytes);
  return fetched;
}
