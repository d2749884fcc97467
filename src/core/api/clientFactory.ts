/**
 * Builds API clients from the current settings: timeout, private CA, User-Agent, and a log line
 * per request (method, path, status, duration; never a header or a body). The client module, and
 * axios with it, is loaded on the first request: activation needs none of it.
 */
import type { ClientFactory } from '../connections/connectionService';
import type { Logger } from '../logging/logger';
import { httpsAgentFor } from '../net/httpsAgent';
import type { SettingsSource } from '../ports';
import type { ClassicClient as ClassicClientType } from './classic/classicClient';
import type { RequestLogEntry } from './httpTransport';

export function createClientFactory(settings: SettingsSource, userAgent: string, logger: Logger): ClientFactory {
  // One agent per CA file, built when first needed: reading and parsing the file is not free.
  let agent: { file: string | undefined; agent: ReturnType<typeof httpsAgentFor> } | undefined;
  const agentFor = (file: string | undefined) => {
    if (!agent || agent.file !== file) agent = { file, agent: httpsAgentFor(file) };
    return agent.agent;
  };
  return (target, credential) => {
    const current = settings.read();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ClassicClient } = require('./classic/classicClient') as { ClassicClient: typeof ClassicClientType };
    return new ClassicClient({
      serverUrl: target.serverUrl,
      organization: target.organization,
      credential,
      userAgent,
      timeoutMs: current.requestTimeoutSeconds * 1000,
      httpsAgent: agentFor(current.caCertificateFile),
      onRequest: (entry) => logger.info(describeRequest(entry)),
    });
  };
}

function describeRequest(entry: RequestLogEntry): string {
  const retry = entry.attempt > 1 ? ` (attempt ${entry.attempt})` : '';
  return `${entry.method} ${entry.path} → ${entry.status ?? entry.errorKind ?? '?'} in ${entry.durationMs} ms${retry}`;
}
