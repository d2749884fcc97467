/**
 * TLS for self-hosted servers with a private certificate authority: `codethreat.caCertificateFile`
 * names a PEM file (one or more certificates) that is trusted for this extension's requests only,
 * in addition to the usual public roots. Verification is never switched off.
 */
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';

export class CaCertificateFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: 'unreadable' | 'noCertificates',
  ) {
    super(reason === 'unreadable' ? `The CA certificate file ${file} could not be read.` : `The CA certificate file ${file} holds no PEM certificate.`);
    this.name = 'CaCertificateFileError';
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** An agent trusting the public roots plus the file's certificates; undefined when no file is set. */
export function httpsAgentFor(caCertificateFile: string | undefined): Agent | undefined {
  const file = caCertificateFile?.trim();
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CaCertificateFileError(file, 'unreadable');
  }
  const certificates = text.match(PEM_CERTIFICATE);
  if (!certificates) throw new CaCertificateFileError(file, 'noCertificates');
  return new Agent({ ca: [...rootCertificates, ...certificates], keepAlive: true });
}
