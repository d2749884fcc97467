// Demo users, organizations and tokens: the emulator's default data and what the demo shows.
import type { Seed } from './state';

export const DEMO_USERNAME = 'demo@codethreat.test';
export const DEMO_PASSWORD = 'demo-password';
export const DEMO_ORGANIZATION = 'acme';
export const DEMO_ORGANIZATIONS: readonly string[] = ['acme', 'acme-labs'];

/** A second user, in another organization, to prove tokens and organizations are per user. */
export const OTHER_USERNAME = 'other@codethreat.test';
export const OTHER_PASSWORD = 'other-password';
export const OTHER_ORGANIZATION = 'globex';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The demo data, with dates relative to `now` so "last used" reads naturally: one token never
 * used, one used minutes ago, one 3 days ago, one 200 days ago. Token values are generated.
 */
export function demoSeed(now: number = Date.now()): Seed {
  const at = (msAgo: number) => new Date(now - msAgo);
  return {
    organizations: [...DEMO_ORGANIZATIONS, OTHER_ORGANIZATION],
    users: [
      {
        username: DEMO_USERNAME,
        password: DEMO_PASSWORD,
        organizations: [...DEMO_ORGANIZATIONS],
        tokens: [
          { name: 'Old laptop script', createdAt: at(420 * DAY), lastUsedAt: at(200 * DAY) },
          { name: 'Jenkins nightly', createdAt: at(310 * DAY), lastUsedAt: at(3 * DAY) },
          { name: 'GitHub Actions', createdAt: at(95 * DAY), lastUsedAt: at(7 * MINUTE) },
          { name: 'Local CLI', createdAt: at(30 * DAY), lastUsedAt: at(5 * HOUR) },
          { name: 'Release bot', createdAt: at(2 * DAY), lastUsedAt: null },
        ],
      },
      {
        username: OTHER_USERNAME,
        password: OTHER_PASSWORD,
        organizations: [OTHER_ORGANIZATION],
        tokens: [{ name: 'Globex CI', createdAt: at(60 * DAY), lastUsedAt: at(1 * DAY) }],
      },
    ],
  };
}
