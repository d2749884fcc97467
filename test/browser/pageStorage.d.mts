// Types of pageStorage.mjs.
import type { Page } from 'playwright-core';

export declare function pageStorageHolding(page: Page, value: string): Promise<{ records: number; databases: string[]; holding: string[] }>;
