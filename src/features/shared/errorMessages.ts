/**
 * One sentence for a person per failure. API errors carry a kind; this is where kinds become
 * (translated) words. No message here ever interpolates a credential: API errors are redacted at
 * the source, and nothing else secret is passed in.
 */
import * as vscode from 'vscode';
import { CodeThreatApiError } from '../../core/api/errors';
import { EnvironmentChangedError } from '../../core/connections/environmentBinding';
import { SecretStorageUnavailableError } from '../../core/connections/secretVault';
import { CaCertificateFileError } from '../../core/net/httpsAgent';
import { plainText, SENTENCE_LENGTH } from '../../core/util/untrustedText';

export function describeError(error: unknown): string {
  if (error instanceof SecretStorageUnavailableError) {
    return vscode.l10n.t(
      "VS Code could not use its secret storage (the operating system's keyring). On Linux, install and unlock a keyring such as GNOME Keyring or KWallet, or start VS Code with --password-store=basic, then try again.",
    );
  }
  if (error instanceof EnvironmentChangedError) return describeEnvironmentChange(error);
  if (error instanceof CaCertificateFileError) {
    return error.reason === 'unreadable'
      ? vscode.l10n.t('The file named in codethreat.caCertificateFile ({0}) could not be read.', plainText(error.file))
      : vscode.l10n.t('The file named in codethreat.caCertificateFile ({0}) holds no PEM certificate.', plainText(error.file));
  }
  if (!(error instanceof CodeThreatApiError)) {
    return vscode.l10n.t('Something unexpected went wrong. The CodeThreat log has the details.');
  }
  // Plain text already (core/api/errorMapping.ts); made plain again here, where it is shown.
  const serverSays = error.details.serverMessage && plainText(error.details.serverMessage, SENTENCE_LENGTH);
  switch (error.kind) {
    case 'unauthorized':
      return vscode.l10n.t('CodeThreat did not accept the credential: it is wrong, or it was revoked or has expired.');
    case 'forbidden':
      return serverSays
        ? vscode.l10n.t('CodeThreat refused access: {0}', serverSays)
        : vscode.l10n.t('CodeThreat refused access. Check that you are a member of the organization.');
    case 'notFound':
      return serverSays ? vscode.l10n.t('CodeThreat could not find it: {0}', serverSays) : vscode.l10n.t('CodeThreat could not find it.');
    case 'notSupported':
      return vscode.l10n.t(
        'This CodeThreat server does not offer access-token management through its API. Manage tokens in the CodeThreat web app under Settings → Access Token.',
      );
    case 'conflict':
    case 'badRequest':
      return serverSays ? vscode.l10n.t('CodeThreat rejected the request: {0}', serverSays) : vscode.l10n.t('CodeThreat rejected the request.');
    case 'rateLimited':
      return error.details.retryAfterSeconds !== undefined
        ? vscode.l10n.t('CodeThreat is receiving too many requests. Try again in {0} seconds.', error.details.retryAfterSeconds)
        : vscode.l10n.t('CodeThreat is receiving too many requests. Try again shortly.');
    case 'server':
      return vscode.l10n.t('The CodeThreat server had a problem (HTTP {0}). Try again later.', error.status ?? '5xx');
    case 'redirected':
      return error.details.location
        ? vscode.l10n.t('The server redirected to {0}. If that is the right address, sign in with it instead.', plainText(error.details.location, SENTENCE_LENGTH))
        : vscode.l10n.t('The server redirected the request. Check the server URL.');
    case 'notCodeThreat':
      return vscode.l10n.t(
        'The address answered with a web page instead of the CodeThreat API. Check the server URL; a proxy in between may also have blocked the request.',
      );
    case 'invalidResponse':
      return error.details.field
        ? vscode.l10n.t("The server's answer could not be read ({0}). Is this a CodeThreat server?", plainText(error.details.field))
        : vscode.l10n.t("The server's answer is not valid JSON. Is this a CodeThreat server?");
    case 'timeout':
      return error.details.limit !== undefined
        ? vscode.l10n.t('The CodeThreat server did not send its whole answer in time (codethreat.requestTimeoutSeconds is {0}).', error.details.limit)
        : vscode.l10n.t('The CodeThreat server did not answer in time (codethreat.requestTimeoutSeconds).');
    case 'tooLarge':
      return vscode.l10n.t(
        "The CodeThreat server's answer was larger than {0} MB, more than a list of 10,000 tokens takes, so it was not read.",
        Math.round((error.details.limit ?? 0) / (1024 * 1024)),
      );
    case 'network':
      return vscode.l10n.t('Could not reach the CodeThreat server: {0}', networkReason(error.details.code));
    case 'tls':
      return vscode.l10n.t(
        "The server's certificate was not accepted ({0}). If your server uses a private certificate authority, set codethreat.caCertificateFile.",
        plainText(error.details.code ?? 'TLS'),
      );
    case 'cancelled':
      return vscode.l10n.t('Cancelled.');
  }
}

/** Which variable differs from the import, in one sentence; nothing was sent. */
function describeEnvironmentChange(error: EnvironmentChangedError): string {
  const variable = plainText(error.variable);
  switch (error.change) {
    case 'key':
      return vscode.l10n.t('{0} in this window is not the key you imported, so nothing was sent.', variable);
    case 'server':
      return vscode.l10n.t('{0} in this window names another server than the one you imported for, so nothing was sent.', variable);
    case 'unbound':
      return vscode.l10n.t('{0} was imported by an earlier version that did not record which key it was, so nothing was sent until you import it again.', variable);
  }
}

/** The transport failure in words; the low-level code is kept for unknown ones. */
function networkReason(code: string | undefined): string {
  switch (code) {
    case 'ENOTFOUND':
      return vscode.l10n.t('the server name could not be found.');
    case 'EAI_AGAIN':
      return vscode.l10n.t('the server name could not be looked up.');
    case 'ECONNREFUSED':
      return vscode.l10n.t('the server refused the connection.');
    case 'ECONNRESET':
      return vscode.l10n.t('the connection was reset.');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return vscode.l10n.t('the network cannot reach it.');
    case 'EPIPE':
      return vscode.l10n.t('the connection was closed.');
    default:
      return vscode.l10n.t('the connection failed ({0}).', plainText(code ?? 'unknown'));
  }
}
