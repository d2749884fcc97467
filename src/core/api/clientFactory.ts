/**
 * Builds API clients from the current settings: timeout, private CA, User-Agent, and a log line
 * per request (method, path, status, duration; never a header or a body). The client of the
 * connection's dialect (classic when it names none) is loaded on the first request, and axios
 * with it: activation needs none of it. The server probe is built and loaded the same way.
 */
import type { ClientFactory } from '../connections/connectionService';
import type { Logger } from '../logging/logger';
import { httpsAgentFor } from '../net/httpsAgent';
import { systemClock, type Clock, type SettingsSource } from '../ports';
import { dialectOf } from '../dialects';
import type { ConnectionOptions, RequestLogEntry } from './httpTransport';
import type { GitHubActionsClient as GitHubActionsClientType } from '../ci/githubActionsClient';
import type { probeServer as probeServerType, ServerProbeResult } from './serverProbe';

/** Which generation the server at `serverUrl` speaks, asked without a credential. */
export type ServerProbe = (serverUrl: string, signal?: AbortSignal) => Promise<ServerProbeResult>;

export function createClientFactory(settings: SettingsSource, userAgent: string, logger: Logger, clock: Clock = systemClock): ClientFactory {
  const connectionOptions = connectionOptionsFrom(settings, userAgent, logger, clock);
  const factory = (target: Parameters<ClientFactory>[0], credential?: string) =>
    dialectOf(target.generation).createClient({ ...connectionOptions(target.serverUrl), organization: target.organization, credential });
  // The generation decides the class, which TypeScript cannot follow through a generic signature.
  return factory as ClientFactory;
}

export function createServerProbe(settings: SettingsSource, userAgent: string, logger: Logger, clock: Clock = systemClock): ServerProbe {
  const connectionOptions = connectionOptionsFrom(settings, userAgent, logger, clock);
  return async (serverUrl, signal) => {
    const options = connectionOptions(serverUrl);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { probeServer } = require('./serverProbe') as { probeServer: typeof probeServerType };
    return probeServer({ ...options, signal });
  };
}

/**
 * Builds GitHub Actions clients (loaded with axios on first use) with this extension's timeout and
 * User-Agent. Not the CA file: that one is trusted for the CodeThreat server only.
 */
export function createGitHubClientFactory(settings: SettingsSource, userAgent: string, logger: Logger): (apiUrl: string, token: string) => GitHubActionsClientType {
  return (apiUrl, token) => {
    const current = settings.read();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { GitHubActionsClient } = require('../ci/githubActionsClient') as { GitHubActionsClient: typeof GitHubActionsClientType };
    return new GitHubActionsClient({ userAgent, timeoutMs: current.requestTimeoutSeconds * 1000, onRequest: (entry) => logger.debug(`GitHub ${describeRequest(entry)}`) }, apiUrl, token);
  };
}

/** Connection options from the settings as they are now, for any client or probe. */
function connectionOptionsFrom(settings: SettingsSource, userAgent: string, logger: Logger, clock: Clock): (serverUrl: string) => ConnectionOptions {
  // One agent per CA file, built when first needed: reading and parsing the file is not free.
  let agent: { file: string | undefined; agent: ReturnType<typeof httpsAgentFor> } | undefined;
  const agentFor = (file: string | undefined) => {
    if (!agent || agent.file !== file) agent = { file, agent: httpsAgentFor(file) };
    return agent.agent;
  };
  return (serverUrl) => {
    const current = settings.read();
    return {
      serverUrl,
      userAgent,
      timeoutMs: current.requestTimeoutSeconds * 1000,
      httpsAgent: agentFor(current.caCertificateFile),
      clock,
      onRequest: (entry) => logger.debug(describeRequest(entry)),
    };
  };
}

function describeRequest(entry: RequestLogEntry): string {
  const retry = entry.attempt > 1 ? ` (attempt ${entry.attempt})` : '';
  return `${entry.method} ${entry.path} → ${entry.status ?? entry.errorKind ?? '?'} in ${entry.durationMs} ms${retry}`;
}
