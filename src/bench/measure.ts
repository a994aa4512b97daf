/**
 * Measuring one CLI run: the CLI runs as a subprocess against a simulator (as a user runs it), and
 * what it cost is read from the simulator's request log, never estimated. The client's own count
 * (its `--verbose` summary line) is kept beside it, so a request the simulator never saw, or one it
 * saw twice, shows up as a mismatch instead of a wrong number.
 */
import { spawn } from "node:child_process";
import type { RequestLogEntry, Simulator } from "../simulator/index.js";

/** What a run cost, from the simulator's log. */
export interface RequestCounts {
  /** Every HTTP request the simulator answered (REST and GraphQL, 304s and errors included). */
  requests: number;
  /** REST requests, 304s included. */
  rest: number;
  /** GraphQL documents. */
  graphql: number;
  /** REST GETs answered 304 Not Modified (free against the primary limit). */
  notModified: number;
  /** REST writes and GraphQL mutations. */
  writes: number;
  /** Primary rate-limit points spent: the sum of the log's `cost`. */
  points: number;
  /** Of which REST (GitHub's `core` budget)… */
  restPoints: number;
  /** …and GraphQL (a separate budget of the same size). */
  graphqlPoints: number;
  /** Answers with status 400 or more, or no answer at all (a reset connection). */
  errors: number;
}

/** Counts a slice of the simulator's request log. Pure. */
export function countRequests(entries: readonly RequestLogEntry[]): RequestCounts {
  const counts: RequestCounts = {
    requests: 0,
    rest: 0,
    graphql: 0,
    notModified: 0,
    writes: 0,
    points: 0,
    restPoints: 0,
    graphqlPoints: 0,
    errors: 0,
  };
  for (const entry of entries) {
    counts.requests += 1;
    if (entry.kind === "graphql") counts.graphql += 1;
    else counts.rest += 1;
    if (entry.status === 304) counts.notModified += 1;
    if (entry.write) counts.writes += 1;
    if (entry.status >= 400 || entry.status === 0) counts.errors += 1;
    counts.points += entry.cost;
    if (entry.kind === "graphql") counts.graphqlPoints += entry.cost;
    else counts.restPoints += entry.cost;
  }
  return counts;
}

/** The client's own count, from `requests: 19 REST (0 cached), 0 GraphQL, 0 writes; …` (--verbose). */
export interface ClientCounts {
  rest: number;
  notModified: number;
  graphql: number;
  writes: number;
}

/** The last request summary the CLI printed to stderr with --verbose, if any. Pure. */
export function parseClientSummary(stderr: string): ClientCounts | undefined {
  const matches = [...stderr.matchAll(/requests: (\d+) REST \((\d+) cached\), (\d+) GraphQL, (\d+) writes/g)];
  const last = matches.at(-1);
  if (!last) return undefined;
  return {
    rest: Number(last[1]),
    notModified: Number(last[2]),
    graphql: Number(last[3]),
    writes: Number(last[4]),
  };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time from spawning the CLI to its exit, Node's start-up included. */
  ms: number;
}

/** Runs `node bin/waku-pm.js ARGS` with exactly `env` (plus PATH and HOME). */
export function runCli(
  bin: string,
  args: readonly string[],
  env: Record<string, string>,
  cwd: string,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      // Nothing from the caller's environment leaks in: a real GITHUB_TOKEN or GITHUB_API_URL in the
      // shell running the benchmark must never reach the CLI (it would talk to GitHub).
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code: code ?? -1, stdout, stderr, ms: performance.now() - started }),
    );
  });
}

export interface Measured {
  counts: RequestCounts;
  client: ClientCounts | undefined;
  run: CliRun;
  /** The log entries of this run alone. */
  entries: RequestLogEntry[];
}

/**
 * Runs the CLI once against `sim` and counts the requests that run made: the log entries added
 * between its start and its exit (runs are sequential, so nothing else writes to the log).
 */
export async function measureRun(
  sim: Simulator,
  bin: string,
  args: readonly string[],
  env: Record<string, string>,
  cwd: string,
): Promise<Measured> {
  const start = sim.log.length;
  const run = await runCli(bin, args, env, cwd);
  const entries = sim.log.slice(start);
  return { counts: countRequests(entries), client: parseClientSummary(run.stderr), run, entries };
}

/** Where the simulator's count and the client's disagree, in words; empty when they agree. */
export function compareCounts(counts: RequestCounts, client: ClientCounts | undefined): string[] {
  if (!client) return [];
  const problems: string[] = [];
  const pairs: [string, number, number][] = [
    ["REST", counts.rest, client.rest],
    ["GraphQL", counts.graphql, client.graphql],
    ["304", counts.notModified, client.notModified],
    ["writes", counts.writes, client.writes],
  ];
  for (const [what, simulator, cli] of pairs) {
    if (simulator !== cli) problems.push(`${what}: simulator logged ${simulator}, the client counted ${cli}`);
  }
  return problems;
}
