/** The AppSec platform organizations an API key reaches, as sign-in and import offer them. */
import * as vscode from 'vscode';
import type { ValidatedOrganization } from '../../core/api/tokenApi';
import { plainText } from '../../core/util/untrustedText';

/** By name, the slug beside it, the personal one marked. */
export function organizationChoices(organizations: readonly ValidatedOrganization[]) {
  return organizations.map((o) => ({
    label: plainText(o.name || o.slug),
    description: o.isPersonal ? vscode.l10n.t('{0} (personal)', plainText(o.slug)) : plainText(o.slug),
    value: o.slug,
  }));
}
