/**
 * Which AppSec platform organization a key is used for, decided from the organizations its check
 * (`cli/auth/validate`) lists and what was named beforehand. One decision for sign-in and import
 * (features/shared/organizationChoices.ts says it to the user):
 * - none listed: nothing can be chosen, whatever was named (a slug or id could not be told from a
 *   wrong one);
 * - a slug named: that organization if listed (a slug wins over an id named beside it);
 * - an id named: the listed organization with that id, by its slug;
 * - nothing named: the only one, or the user picks among several.
 */
import type { ValidatedOrganization } from './tokenApi';

export type OrganizationDecision =
  | { kind: 'chosen'; slug: string }
  | { kind: 'noneListed' }
  | { kind: 'slugNotListed'; slug: string }
  | { kind: 'idNotListed'; id: string }
  | { kind: 'pick' };

export function decideOrganization(organizations: readonly ValidatedOrganization[], named: { slug?: string; id?: string }): OrganizationDecision {
  if (organizations.length === 0) return { kind: 'noneListed' };
  const slug = named.slug?.trim();
  if (slug) return organizations.some((o) => o.slug === slug) ? { kind: 'chosen', slug } : { kind: 'slugNotListed', slug };
  const id = named.id?.trim();
  if (id) {
    const byId = organizations.find((o) => o.id === id);
    return byId ? { kind: 'chosen', slug: byId.slug } : { kind: 'idNotListed', id };
  }
  return organizations.length === 1 ? { kind: 'chosen', slug: organizations[0].slug } : { kind: 'pick' };
}
