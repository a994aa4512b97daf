/**
 * Builds the Context a command runs in from the process (or a test's fake process) and the parsed
 * global options: colour, token, API URLs. The token is read here and handed only to the GitHub
 * client; it is never stored anywhere else.
 */

import { Readable } from "node:stream";
import type { Command } from "commander";
import type { Context, GlobalOptions, Input, Output } from "./context.js";
import { type ExitCode, GitHubError, InputError } from "./errors.js";
import type { GitHubClient } from "./github/client.js";

/**
 * The GitHub client module (Octokit and its plugins) is most of what a run loads, so it is imported
 * only when a command that talks to GitHub runs: `lint` and `--version` never load it. The same
 * goes for the `gh auth token` fallback (node:child_process, which loads the network modules).
 */
type ClientModule = typeof import("./github/client.js") &
  Pick<typeof import("./github/token.js"), "ghAuthToken">;
let clientModule: ClientModule | undefined;

/** Loads the GitHub client module once; `ctx.github()` can be called after this resolves. */
export async function loadGitHubClient(): Promise<void> {
  if (clientModule) return;
  const [client, token] = await Promise.all([import("./github/client.js"), import("./github/token.js")]);
  clientModule = { ...client, ghAuthToken: token.ghAuthToken };
}

export interface ProcessIO {
  stdout: { write(s: string): unknown; isTTY?: boolean; columns?: number | undefined };
  stderr: { write(s: string): unknown; isTTY?: boolean; columns?: number | undefined };
  /** Standard input (a test passes a fake terminal, or nothing: an input that has ended). */
  stdin?: Input;
  env: Record<string, string | undefined>;
  cwd: string;
  now: () => Date;
  exitCode: number | undefined;
}

/** Wraps a command's body: builds its Context, runs it, records its exit code. */
export type CommandRunner = <O>(
  run: (ctx: Context, opts: O) => Promise<ExitCode>,
) => (...args: unknown[]) => Promise<void>;

export interface RunnerOptions {
  /** Names of commands that never call `ctx.github()`: their runs skip loading the client. */
  offline?: ReadonlySet<string>;
}

export function createRunner(io: ProcessIO, options: RunnerOptions = {}): CommandRunner {
  return (run) =>
    async (...args) => {
      const command = args[args.length - 1] as Command;
      if (!options.offline?.has(command.name())) await loadGitHubClient();
      const opts = command.optsWithGlobals();
      const ctx = createContext(io, opts);
      try {
        const code = await run(ctx, opts as never);
        io.exitCode = Math.max(io.exitCode ?? 0, code);
      } finally {
        ctx.usedGitHub()?.logSummary();
      }
    };
}

export const DEFAULT_API_URL = "https://api.github.com";

/** spec: `…/api/v3` becomes `…/api/graphql`; anything else gets `/graphql` appended. */
export function deriveGraphqlUrl(apiUrl: string): string {
  const trimmed = apiUrl.replace(/\/+$/, "");
  if (/\/api\/v3$/.test(trimmed)) return trimmed.replace(/\/api\/v3$/, "/api/graphql");
  return `${trimmed}/graphql`;
}

/** Colour only on a TTY, unless FORCE_COLOR; never with NO_COLOR or --no-color. */
export function colorEnabled(stream: { isTTY?: boolean }, env: ProcessIO["env"], flag: boolean): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false") return true;
  return stream.isTTY === true;
}

/** COLUMNS as a width, when it is a sensible one. */
function columnsFromEnv(env: ProcessIO["env"]): number | undefined {
  const n = Number(env.COLUMNS);
  return Number.isInteger(n) && n >= 20 && n <= 1000 ? n : undefined;
}

/** --timeout SECONDS as milliseconds; bad input (exit 2) when it is not a positive number. */
function parseTimeout(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (typeof raw !== "string" || !/^\d+(\.\d+)?$/.test(raw.trim()) || !(seconds > 0) || seconds > 3600) {
    throw new InputError(
      `--timeout: "${String(raw)}" is not a number of seconds`,
      "For example --timeout 30 (at most 3600).",
    );
  }
  return Math.round(seconds * 1000);
}

function toOutput(stream: ProcessIO["stdout"], env: ProcessIO["env"], colorFlag: boolean): Output {
  return {
    write: (text: string) => {
      stream.write(text);
    },
    isTTY: stream.isTTY === true,
    color: colorEnabled(stream, env, colorFlag),
    // A terminal says its width; a pipe does not, and COLUMNS (set by shells, or by hand) may.
    columns: stream.columns ?? columnsFromEnv(env) ?? 80,
  };
}

export function readGlobals(opts: Record<string, unknown>, env: ProcessIO["env"]): GlobalOptions {
  const apiUrl = (opts.apiUrl as string | undefined) || env.GITHUB_API_URL || DEFAULT_API_URL;
  const graphqlUrl =
    (opts.graphqlUrl as string | undefined) || env.GITHUB_GRAPHQL_URL || deriveGraphqlUrl(apiUrl);
  return {
    config: opts.config as string | undefined,
    org: opts.org as string | undefined,
    json: opts.json === true,
    verbose: opts.verbose === true,
    color: opts.color !== false,
    apiUrl,
    graphqlUrl,
    cache: opts.cache !== false,
    timeoutMs: parseTimeout(opts.timeout),
  };
}

/**
 * `WAKU_PM_NOW` (an ISO date) pins the clock: snapshot tests and the demo use it so "days left" and
 * "last 7 days" are reproducible. Not meant for everyday use.
 */
function clockFor(io: ProcessIO): () => Date {
  const pinned = io.env.WAKU_PM_NOW;
  if (!pinned) return io.now;
  const date = new Date(pinned);
  if (Number.isNaN(date.getTime())) throw new InputError(`WAKU_PM_NOW is not a date: ${pinned}`);
  return () => new Date(date);
}

/** An input with nothing in it: what a question reads when no stdin was given (it is never a terminal). */
function endedInput(): Input {
  return Readable.from([]);
}

export function createContext(
  io: ProcessIO,
  opts: Record<string, unknown>,
): Context & { usedGitHub(): GitHubClient | undefined } {
  const globals = readGlobals(opts, io.env);
  const stdout = toOutput(io.stdout, io.env, globals.color);
  const stderr = toOutput(io.stderr, io.env, globals.color);
  let client: GitHubClient | undefined;
  return {
    stdout,
    stderr,
    env: io.env,
    cwd: io.cwd,
    now: clockFor(io),
    globals,
    get stdin() {
      return io.stdin ?? endedInput();
    },
    usedGitHub: () => client,
    github() {
      if (client) return client;
      if (!clientModule) {
        // A programming error, not a user's: the command is listed offline in src/cli.ts but uses GitHub.
        throw new Error("the GitHub client was not loaded before ctx.github() (see loadGitHubClient)");
      }
      // Last resort: GitHub CLI's login for the API's host (never github.com's for another host).
      const token =
        io.env.GITHUB_TOKEN ||
        io.env.GH_TOKEN ||
        clientModule.ghAuthToken({ apiUrl: globals.apiUrl, env: io.env });
      if (!token) {
        throw new GitHubError(
          "no GitHub token: set GITHUB_TOKEN (or GH_TOKEN) in the environment, or log in with `gh auth login`",
          "Create a token with read access to the organisation's repositories (and write access to issues for sync-labels).",
        );
      }
      const cacheDir = globals.cache ? clientModule.defaultCacheDir(io.env) : undefined;
      client = new clientModule.GitHubClient({
        token,
        apiUrl: globals.apiUrl,
        graphqlUrl: globals.graphqlUrl,
        verbose: globals.verbose,
        log: (line) => stderr.write(`${line}\n`),
        env: io.env,
        // Conditional requests: an unchanged answer is a free 304 (see HttpCache). --no-cache skips it.
        ...(cacheDir ? { cacheDir } : {}),
        // --timeout applies to reads and writes alike; without it the client's defaults (and WAKU_PM_TIMEOUT_MS) hold.
        ...(globals.timeoutMs !== undefined
          ? { timeoutMs: globals.timeoutMs, writeTimeoutMs: globals.timeoutMs }
          : {}),
      });
      return client;
    },
  };
}
