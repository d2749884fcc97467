/**
 * The organization a credential is used for, chosen the same way by sign-in and by import.
 *
 * AppSec platform, from the organizations the key's check (`cli/auth/validate`) lists:
 * - a slug or an id named beforehand (an argument, `CT_ORG_SLUG`, `CT_ORG_ID`, `organizationId`)
 *   is chosen when the key's organizations include it, and otherwise refused in a sentence that
 *   lists the key's organizations;
 * - with nothing named, the only organization is taken and among several the user picks;
 * - a server that lists none gets a sentence and nothing is saved: without a listed organization
 *   nothing could tell a typed slug, or an id, from a wrong one.
 *
 * Classic API, whose organizations are names the server checks at sign-in: a name named
 * beforehand is used (and checked there); else one picked from the server's list or typed
 * ("Another organization…"); a server that lists none (some servers and tokens cannot) leaves the
 * name to be typed, and a wrong one gets the sign-in's sentence, nothing saved.
 */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import { decideOrganization } from '../../core/api/organizationChoice';
import type { ValidatedOrganization } from '../../core/api/tokenApi';
import type { Prompter } from '../../platform/prompter';
import { plainText, SENTENCE_LENGTH } from '../../core/util/untrustedText';

/** By name, the slug beside it, the personal one marked. */
export function organizationChoices(organizations: readonly ValidatedOrganization[]) {
  return organizations.map((o) => ({
    label: plainText(o.name || o.slug),
    description: o.isPersonal ? vscode.l10n.t('{0} (personal)', plainText(o.slug)) : plainText(o.slug),
    value: o.slug,
  }));
}

/** What was named beforehand, and by what (for the sentence when it is not the key's). */
export interface NamedOrganization {
  slug?: string;
  id?: string;
  /** Where it was named, for people ("the environment variable CT_API_KEY"); absent for an argument. */
  namedBy?: string;
}

export interface OrganizationQuestion {
  title: string;
  placeholder: string;
}

/** The slug of the organization the key is used for; undefined when none is (the user was told, or cancelled the pick). */
export async function chooseKeyOrganization(
  prompter: Prompter,
  organizations: readonly ValidatedOrganization[],
  named: NamedOrganization,
  question: OrganizationQuestion,
): Promise<string | undefined> {
  const decision = decideOrganization(organizations, named);
  switch (decision.kind) {
    case 'chosen':
      return decision.slug;
    case 'pick':
      return prompter.pick(organizationChoices(organizations), question);
    case 'noneListed':
      void prompter.notify('error', vscode.l10n.t('CodeThreat names no organization this API key belongs to. Nothing was saved.'));
      return undefined;
    case 'slugNotListed':
      refuse(prompter, notAMember(decision.slug, named.namedBy), organizations);
      return undefined;
    case 'idNotListed':
      refuse(prompter, noSuchId(decision.id, named.namedBy), organizations);
      return undefined;
  }
}

function noSuchId(id: string, namedBy: string | undefined): string {
  return namedBy
    ? vscode.l10n.t('None of the API key\'s organizations has the id "{0}" that {1} names. Nothing was saved.', plainText(id), plainText(namedBy, SENTENCE_LENGTH))
    : vscode.l10n.t('None of the API key\'s organizations has the id "{0}". Nothing was saved.', plainText(id));
}

function notAMember(slug: string, namedBy: string | undefined): string {
  return namedBy
    ? vscode.l10n.t('The credential\'s user is not a member of the organization "{0}" that {1} names. Nothing was saved.', plainText(slug), plainText(namedBy, SENTENCE_LENGTH))
    : vscode.l10n.t('The API key has no access to the organization "{0}". Nothing was saved.', plainText(slug));
}

/** The sentence, and the key's organizations by slug (what could be named instead). */
function refuse(prompter: Prompter, sentence: string, organizations: readonly ValidatedOrganization[]): void {
  const theirs = vscode.l10n.t("The key's organizations: {0}.", plainText(organizations.map((o) => o.slug).join(', '), SENTENCE_LENGTH));
  void prompter.notify('error', `${sentence} ${theirs}`);
}

/** The item that leads to a box for a typed organization name. */
const TYPE_IT = Symbol('type the organization');

/** A classic organization's name: the one named, else picked from the server's list, else typed. */
export async function chooseClassicOrganization(
  services: Pick<Container, 'connections' | 'prompter' | 'logger'>,
  serverUrl: string,
  credential: string,
  named: string | undefined,
  title: string,
): Promise<string | undefined> {
  if (named?.trim()) return named.trim(); // checked by the server at sign-in
  let organizations: string[] = [];
  try {
    organizations = await services.connections.listOrganizations(serverUrl, credential);
  } catch (error) {
    // Not fatal: some servers or tokens may not list organizations; the name can be typed.
    services.logger.warn(`Listing organizations failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (organizations.length > 0) {
    const picked = await services.prompter.pick<string | typeof TYPE_IT>(
      [...organizations.map((name) => ({ label: plainText(name), value: name })), { label: vscode.l10n.t('Another organization…'), value: TYPE_IT }],
      { title, placeholder: vscode.l10n.t('Which organization?') },
    );
    if (picked !== TYPE_IT) return picked;
  }
  const typed = await services.prompter.input({
    title,
    prompt: vscode.l10n.t('CodeThreat organization name'),
    validate: (value) => (value.trim() ? undefined : vscode.l10n.t('Enter the organization name.')),
  });
  return typed?.trim() || undefined;
}
