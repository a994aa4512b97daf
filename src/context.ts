import type { GitHubClient } from "./github/client.js";

/** Where a command writes. Tests pass a buffer; the CLI passes process.stdout/stderr. */
export interface Output {
  write(text: string): void;
  /** True when this stream is an interactive terminal (progress bars, tables with borders). */
  readonly isTTY: boolean;
  /** Whether ANSI colour may be used on this stream (TTY, NO_COLOR, FORCE_COLOR, --no-color). */
  readonly color: boolean;
  /** Terminal width, 80 when unknown. */
  readonly columns: number;
}

/** Options every command accepts (see docs/spec/cli.md, "Invocation and set-up"). */
export interface GlobalOptions {
  config: string | undefined;
  org: string | undefined;
  json: boolean;
  verbose: boolean;
  color: boolean;
  apiUrl: string;
  graphqlUrl: string;
  /** On-disk HTTP cache for conditional requests; false with --no-cache. */
  cache: boolean;
  /** --timeout SECONDS: how long one attempt of a request may take (undefined: the client's default). */
  timeoutMs: number | undefined;
}

/** Where a command reads an answer from (the terminal, for a confirmation). */
export interface Input extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
}

/**
 * Everything a command needs from the outside world. Commands never touch `process` directly,
 * so a test hands in fakes.
 */
export interface Context {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly now: () => Date;
  readonly globals: GlobalOptions;
  /** Standard input: only read for a question on a terminal (sync-labels before deleting). */
  readonly stdin: Input;
  /** Creates (once) the GitHub client; throws GitHubError when no token is set. */
  github(): GitHubClient;
}
