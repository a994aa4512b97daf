/**
 * Standalone GitHub simulator, for trying waku-pm by hand or pointing another tool at it:
 *
 *   node dist/simulator/main.js --demo                 the demo organisation (waku-org, late 2023)
 *   node dist/simulator/main.js --seed org.json        an organisation from a Seed JSON file
 *   options: --port N (default: any free port), --latency MS (added to every answer),
 *            --no-validate (skip OpenAPI validation)
 *
 * It listens on 127.0.0.1 only, prints the environment lines to use, and runs until killed. The
 * token it prints is the simulator's own fake credential, not a GitHub token.
 */
import { readFileSync } from "node:fs";
import { startSimulator } from "./index.js";
import type { Seed } from "./seed.js";

interface Args {
  demo: boolean;
  seedFile: string | undefined;
  port: number;
  latencyMs: number;
  validate: boolean;
}

const USAGE =
  "usage: node dist/simulator/main.js (--demo | --seed FILE.json) [--port N] [--latency MS] [--no-validate]";

class UsageError extends Error {}

function readNumber(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 0) {
    throw new UsageError(`${flag} needs a whole number, got ${value ?? "nothing"}`);
  }
  return n;
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { demo: false, seedFile: undefined, port: 0, latencyMs: 0, validate: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--demo") args.demo = true;
    else if (arg === "--no-validate") args.validate = false;
    else if (arg === "--seed") {
      args.seedFile = argv[++i];
      if (!args.seedFile) throw new UsageError("--seed needs a file");
    } else if (arg === "--port") args.port = readNumber("--port", argv[++i]);
    else if (arg === "--latency") args.latencyMs = readNumber("--latency", argv[++i]);
    else if (arg === "--help" || arg === "-h") throw new UsageError("");
    else throw new UsageError(`unknown option ${arg}`);
  }
  if (args.demo === (args.seedFile !== undefined))
    throw new UsageError("give exactly one of --demo and --seed FILE");
  if (args.port > 65535) throw new UsageError(`--port ${args.port} is not a port`);
  return args;
}

function readSeed(file: string): Seed {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read seed ${file}: ${(error as Error).message}`);
  }
  let seed: Seed;
  try {
    seed = JSON.parse(text) as Seed;
  } catch (error) {
    throw new UsageError(`seed ${file} is not JSON: ${(error as Error).message}`);
  }
  if (typeof seed?.org !== "string" || !Array.isArray(seed.repos) || !Array.isArray(seed.tokens)) {
    throw new UsageError(`seed ${file} needs "org" (string), "tokens" and "repos" (arrays)`);
  }
  return seed;
}

async function loadDemoSeed(): Promise<Seed> {
  const { demoSeed } = await import("./demo-seed.js");
  // The CLI's pinned clock, so a demo simulator and a pinned CLI agree on "this week".
  const pinned = process.env.WAKU_PM_NOW;
  const now = pinned ? new Date(pinned) : undefined;
  if (now && Number.isNaN(now.getTime())) throw new UsageError(`WAKU_PM_NOW is not a date: ${pinned}`);
  return demoSeed(now ? { now } : {});
}

async function main(): Promise<void> {
  let args: Args;
  let seed: Seed;
  try {
    args = parseArgs(process.argv.slice(2));
    seed = args.demo ? await loadDemoSeed() : readSeed(args.seedFile ?? "");
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) process.stderr.write(`simulator: ${error.message}\n`);
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const sim = await startSimulator({
    seed,
    latencyMs: args.latencyMs,
    validate: args.validate,
    port: args.port,
  });
  const token = seed.tokens[0] ?? "(the seed lists no tokens: every request will get 401)";
  process.stdout.write(
    [
      `GitHub simulator for ${seed.org} (${seed.repos.length} repositories) listening on ${sim.url}`,
      "Point waku-pm at it with:",
      `  export GITHUB_API_URL=${sim.url}`,
      `  export GITHUB_GRAPHQL_URL=${sim.graphqlUrl}`,
      `  export GITHUB_TOKEN=${token}`,
      "Stop with Ctrl-C.",
      "",
    ].join("\n"),
  );
  const stop = (): void => {
    sim.close().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`simulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
