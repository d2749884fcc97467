// Demo users, organizations, tokens and API keys: the emulator's default data and what the demo
// shows. The legacy API (/api) signs in with a username and password; the AppSec platform
// (/api/v1) takes one of the fixed demo API keys below in the X-API-Key header.
import type { Seed } from './state';
import { API_KEY_SCOPES } from './v1/scopes';
import type { V1Seed } from './v1/state';

export const DEMO_USERNAME = 'demo@codethreat.test';
export const DEMO_PASSWORD = 'demo-password';
export const DEMO_ORGANIZATION = 'acme';
export const DEMO_ORGANIZATIONS: readonly string[] = ['acme', 'acme-labs'];

/** A second user, in another organization, to prove tokens and organizations are per user. */
export const OTHER_USERNAME = 'other@codethreat.test';
export const OTHER_PASSWORD = 'other-password';
export const OTHER_ORGANIZATION = 'globex';

// ---- AppSec platform (API v1) ----

/** The demo user's display name on the AppSec platform (the email is DEMO_USERNAME). */
export const DEMO_DISPLAY_NAME = 'Demo User';
/** The demo user's team organization on the AppSec platform (planType "team"). */
export const DEMO_ORGANIZATION_SLUG = 'acme';
/** The demo user's personal organization on the AppSec platform (isPersonal true). */
export const DEMO_PERSONAL_ORGANIZATION_SLUG = 'demo-personal';
/** Organization of OTHER_USERNAME on the AppSec platform; that user is in `acme` too. */
export const OTHER_ORGANIZATION_SLUG = 'globex';

/** The demo user's admin API key in `acme`: every scope, no expiry. */
export const DEMO_ADMIN_API_KEY = 'ct_demoAdminLasWVAyUZotE20w7ph5jUtS7VcntA3N';
/** The demo user's read-only API key in `acme`: api-key:read and scan:read (cannot create or revoke keys). */
export const DEMO_READ_ONLY_API_KEY = 'ct_demoReadOnlyaR7aZJvwV0TIUJTc6Lx3WYheRVql';
/** The demo user's API key in `acme` without api-key:read (scan:read, scan:write, repository:read): cannot list keys. */
export const DEMO_NO_KEY_READ_API_KEY = 'ct_demoNoKeyReadsHP8O52sZld6LaCaOZ1cwUvk8Zj';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The demo data, with dates relative to `now` so "last used" reads naturally: one token never
 * used, one used minutes ago, one 3 days ago, one 200 days ago. Ids are fixed, so a reset keeps
 * them; token values are generated.
 * `v1` holds the AppSec platform's data (demoV1Seed).
 */
export function demoSeed(now: number = Date.now()): Seed {
  const at = (msAgo: number) => new Date(now - msAgo);
  return {
    v1: demoV1Seed(now),
    organizations: [...DEMO_ORGANIZATIONS, OTHER_ORGANIZATION],
    users: [
      {
        username: DEMO_USERNAME,
        password: DEMO_PASSWORD,
        organizations: [...DEMO_ORGANIZATIONS],
        tokens: [
          { id: '64f1c0de0000000000000001', name: 'Old laptop script', createdAt: at(420 * DAY), lastUsedAt: at(200 * DAY) },
          { id: '64f1c0de0000000000000002', name: 'Jenkins nightly', createdAt: at(310 * DAY), lastUsedAt: at(3 * DAY) },
          { id: '64f1c0de0000000000000003', name: 'GitHub Actions', createdAt: at(95 * DAY), lastUsedAt: at(7 * MINUTE) },
          { id: '64f1c0de0000000000000004', name: 'Local CLI', createdAt: at(30 * DAY), lastUsedAt: at(5 * HOUR) },
          { id: '64f1c0de0000000000000005', name: 'Release bot', createdAt: at(2 * DAY), lastUsedAt: null },
        ],
      },
      {
        username: OTHER_USERNAME,
        password: OTHER_PASSWORD,
        organizations: [OTHER_ORGANIZATION],
        tokens: [{ id: '64f1c0de0000000000000006', name: 'Globex CI', createdAt: at(60 * DAY), lastUsedAt: at(1 * DAY) }],
      },
    ],
  };
}

/**
 * The AppSec platform's demo data. In `acme` the demo user holds the three fixed demo keys and
 * keys for the view: never used, used hours ago, expiring in 10 days, expired, revoked, no expiry.
 * The other user has a key in `acme` too, which the demo user must never see.
 */
export function demoV1Seed(now: number = Date.now()): V1Seed {
  const at = (msAgo: number) => new Date(now - msAgo);
  const inDays = (days: number) => new Date(now + days * DAY);
  const acme = DEMO_ORGANIZATION_SLUG;
  return {
    organizations: [
      { name: 'Demo User', slug: DEMO_PERSONAL_ORGANIZATION_SLUG, planType: 'free', isPersonal: true },
      { name: 'Acme Corp', slug: acme, planType: 'team' },
      { name: 'Globex', slug: OTHER_ORGANIZATION_SLUG, planType: 'enterprise' },
    ],
    users: [
      {
        email: DEMO_USERNAME,
        name: DEMO_DISPLAY_NAME,
        organizations: [DEMO_PERSONAL_ORGANIZATION_SLUG, acme],
        apiKeys: [
          { name: 'Demo admin key', organizationSlug: acme, scopes: [...API_KEY_SCOPES], value: DEMO_ADMIN_API_KEY, createdAt: at(30 * DAY) },
          { name: 'Demo read-only key', organizationSlug: acme, scopes: ['api-key:read', 'scan:read'], value: DEMO_READ_ONLY_API_KEY, createdAt: at(30 * DAY) },
          {
            name: 'Demo key without api-key:read',
            organizationSlug: acme,
            scopes: ['scan:read', 'scan:write', 'repository:read'],
            value: DEMO_NO_KEY_READ_API_KEY,
            createdAt: at(30 * DAY),
          },
          { name: 'Old integration', organizationSlug: acme, scopes: ['integration:read', 'integration:write'], createdAt: at(200 * DAY), lastUsedAt: at(25 * DAY), expiresAt: at(20 * DAY) },
          { name: 'Scan in CI', organizationSlug: acme, scopes: ['scan:write', 'repository:read'], createdAt: at(95 * DAY), lastUsedAt: at(7 * MINUTE) },
          { name: 'Staging deploy', organizationSlug: acme, scopes: ['scan:read', 'violation:read'], createdAt: at(80 * DAY), lastUsedAt: at(3 * DAY), expiresAt: inDays(10) },
          { name: 'Local CLI', organizationSlug: acme, scopes: ['scan:read', 'scan:write', 'repository:read', 'violation:read'], createdAt: at(30 * DAY), lastUsedAt: at(5 * HOUR), expiresAt: inDays(60) },
          { name: 'Release bot', organizationSlug: acme, scopes: ['repository:read', 'scan:write'], createdAt: at(2 * DAY), lastUsedAt: null },
          { name: 'Lost laptop', organizationSlug: acme, scopes: ['scan:read'], createdAt: at(120 * DAY), lastUsedAt: at(45 * DAY), revokedAt: at(40 * DAY) },
          { name: 'Personal experiments', organizationSlug: DEMO_PERSONAL_ORGANIZATION_SLUG, scopes: ['scan:read', 'scan:write'], createdAt: at(14 * DAY), lastUsedAt: at(1 * DAY) },
        ],
      },
      {
        email: OTHER_USERNAME,
        name: 'Other User',
        organizations: [OTHER_ORGANIZATION_SLUG, acme],
        apiKeys: [
          { name: 'Globex CI', organizationSlug: OTHER_ORGANIZATION_SLUG, scopes: ['scan:write', 'repository:read'], createdAt: at(60 * DAY), lastUsedAt: at(1 * DAY) },
          { name: 'Other user in Acme', organizationSlug: acme, scopes: ['scan:read'], createdAt: at(10 * DAY), lastUsedAt: null },
        ],
      },
    ],
  };
}
