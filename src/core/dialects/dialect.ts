/**
 * What one API generation (a dialect) is, as one object: how its client is built, how the server
 * probe tells it, how one signs in to it, what its keys carry, what the UI calls them, the names
 * CodeThreat's own tools read them from, its cloud, and the names CI keeps them under. Everything
 * that differs between generations is asked of the descriptor (or decided by an exhaustive
 * `switch` over the generation), so that a new generation is a new folder here plus one line in
 * `DIALECTS` (index.ts). No `vscode` import: the core runs in plain Node.
 */
import type { ConnectionOptions } from '../api/httpTransport';
import type { TokenApi } from '../api/tokenApi';

/** What any dialect's client is built with. */
export interface ClientOptions extends ConnectionOptions {
  /** The organization (a name or a slug); empty while signing in, before one is chosen. */
  organization: string;
  credential?: string;
}

/** How a person proves who they are: a username and password, a pasted access token, or an API key. */
export type SignInMethod = 'password' | 'token' | 'apiKey';

/**
 * What the UI calls a credential of the dialect. Features turn it into their sentences
 * (`byNoun`), which stay literal `vscode.l10n.t` calls so that they can be exported for translation.
 */
export type CredentialNoun = 'accessToken' | 'apiKey';

/** One unauthenticated answer the server probe got (serverProbe.ts asks; dialects judge). */
export interface ProbeAnswer {
  /** `GET /api/...`, for the evidence. */
  request: string;
  status?: number;
  /** The parsed body, when it was JSON. */
  json?: unknown;
  /** The body was a web page. */
  html: boolean;
  /** The `x-api-version` header, where the server sent one. */
  apiVersion?: string;
}

/** What the server probe asks to tell this dialect, and how it judges the answers. */
export interface ProbeSignature {
  /** The request (below the server root) whose answer tells the dialect; asked without a credential. */
  request: { prefix: string; path: string };
  /**
   * Whether the answers so far (this dialect's own answer last) say the server speaks this
   * dialect: the version it named, or undefined when they do not.
   */
  recognise(answers: readonly ProbeAnswer[]): { version?: string } | undefined;
  /** Weaker evidence in any answer, judged only when no dialect recognised its own. */
  hints?(answers: readonly ProbeAnswer[]): boolean;
  /** A short English description of a body in this dialect's shape, for the probe's evidence. */
  describeBody?(json: unknown): string | undefined;
}

/** The environment variables one of CodeThreat's tools reads a credential and its context from. */
export interface CliVariableNames {
  token: string;
  serverUrl: string;
  organization: string;
  /** An organization's id, where a tool reads one (the AppSec CLI's `CT_ORG_ID`): its slug is looked up. */
  organizationId?: string;
}

/** The names a CI pipeline keeps the credential (a secret) and its context (plain variables) under. */
export interface CiNames {
  /** The secret that holds the key. */
  secret: string;
  /** The Actions variable that holds the server address. */
  serverVariable: string;
  /** The Actions variable that holds the organization (its slug on the AppSec platform). */
  organizationVariable: string;
  /** `uses:` of CodeThreat's GitHub Action of this dialect, as its README shows it. */
  action: string;
}

/** A client that says it speaks generation `G`: a dialect builds only its own. */
export type ClientOfGeneration<G extends string> = TokenApi & { readonly generation: G };

export interface Dialect<G extends string = string, Client extends ClientOfGeneration<G> = ClientOfGeneration<G>> {
  readonly generation: G;
  /** The client, its module (and axios with it) loaded on the first call: activation needs none of it. */
  createClient(options: ClientOptions): Client;
  readonly probe: ProbeSignature;
  /** How one signs in to a server of this dialect, in the order offered. */
  readonly signInMethods: readonly SignInMethod[];
  /** Whether its keys carry scopes (what they may do) and an expiry date. */
  readonly keys: { readonly scopes: boolean; readonly expiry: boolean };
  readonly credentialNoun: CredentialNoun;
  /** Variable sets CodeThreat's tools read; the first is the dialect's own CLI's (what a terminal gets). */
  readonly cliVariables: readonly [CliVariableNames, ...CliVariableNames[]];
  /** CodeThreat's hosted server of this dialect: offered at sign-in, and where a credential with no server named beside it goes. */
  readonly cloudServerUrl: string;
  /** What CodeThreat's CI integration of this dialect reads. */
  readonly ci: CiNames;
}
