/**
 * `npm run bench`: what each command costs in requests, rate-limit points and time, measured
 * against the GitHub simulator with a realistic latency, at several organisation sizes.
 *
 *   npm run bench                          sizes 18, 100, 500 at 100 ms per request
 *   npm run bench -- --quick               sizes 18 and 100 only
 *   npm run bench -- --sizes 18,50 --latency 20
 *   npm run bench -- --big-syncs           also the first sync of 100 and 500 repositories (minutes)
 *   npm run bench -- --startup             only the start-up ratios (--version, lint vs node -e 0), seconds
 *
 * Prints the table, writes bench-results/latest.json (every figure) and bench-results/latest.md
 * (the table for the README's "What each command costs"); the start-up section is measured first,
 * while no simulator is running. With --startup alone: bench-results/startup.json and .md. Exit 1 when a run misbehaved (unexpected exit code, the
 * simulator's and the client's counts disagree, a request GitHub would refuse).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  renderBenchMarkdown,
  renderBenchTable,
  renderStartupMarkdown,
  renderStartupTable,
} from "./render.js";
import { type BenchResult, runBench, SCENARIO_TITLES, type ScenarioId } from "./run-bench.js";
import { measureStartup, type StartupReport } from "./startup.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DEFAULT_SIZES = [18, 100, 500];
const QUICK_SIZES = [18, 100];

const DEFAULT_STARTUP_RUNS = 10;

const USAGE = `usage: npm run bench -- [--quick] [--sizes 18,100,500] [--latency MS] [--scenarios LIST]
                       [--big-syncs] [--startup] [--startup-runs N] [--out FILE]

  --quick               sizes ${QUICK_SIZES.join(",")} only
  --sizes LIST          organisation sizes in repositories (default ${DEFAULT_SIZES.join(",")}); at 18,
                        status and report run on the demo organisation, elsewhere on generated ones
  --latency MS          simulator latency per request (default 100)
  --scenarios LIST      some of: ${Object.keys(SCENARIO_TITLES).join(",")}
  --big-syncs           also run the first sync above 18 repositories, at 0 ms latency
                        (writes are serial: 100 repositories ≈ 5,000 writes, 500 ≈ 25,000)
  --startup             only the start-up section: --version and lint against node -e 0 (seconds)
  --startup-runs N      runs of each start-up command, median taken (default ${DEFAULT_STARTUP_RUNS})
  --out FILE            JSON results (default bench-results/latest.json, with --startup
                        bench-results/startup.json; the table goes beside it as .md)
`;

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseList(raw: string, what: string): number[] {
  const values = raw.split(",").map((s) => Number(s.trim()));
  if (values.some((n) => !Number.isInteger(n) || n < 1))
    fail(`${what}: "${raw}" is not a list of whole numbers ≥ 1`);
  return values;
}

function parseOptions() {
  return parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      sizes: { type: "string" },
      latency: { type: "string", default: "100" },
      scenarios: { type: "string" },
      "big-syncs": { type: "boolean", default: false },
      startup: { type: "boolean", default: false },
      "startup-runs": { type: "string", default: String(DEFAULT_STARTUP_RUNS) },
      out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions();
  } catch (error) {
    // An unknown flag or a missing value: say so in one line, with the usage, not a stack trace.
    fail(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const latencyMs = Number(values.latency);
  if (!Number.isInteger(latencyMs) || latencyMs < 0)
    fail(`--latency: "${values.latency}" is not a whole number of ms`);
  const sizes = values.sizes
    ? parseList(values.sizes, "--sizes")
    : values.quick
      ? QUICK_SIZES
      : DEFAULT_SIZES;
  let scenarios: ScenarioId[] | undefined;
  if (values.scenarios) {
    const known = Object.keys(SCENARIO_TITLES);
    scenarios = values.scenarios.split(",").map((s) => s.trim()) as ScenarioId[];
    const unknown = scenarios.filter((s) => !known.includes(s));
    if (unknown.length > 0) fail(`--scenarios: unknown ${unknown.join(", ")}`);
  }

  const startupRuns = Number(values["startup-runs"]);
  if (!Number.isInteger(startupRuns) || startupRuns < 1)
    fail(`--startup-runs: "${values["startup-runs"]}" is not a whole number ≥ 1`);
  const progress = (text: string, done: boolean) => process.stderr.write(done ? ` ${text}\n` : `  ${text}`);
  const measureStartupNow = () => measureStartup({ root: ROOT, runs: startupRuns, progress });

  if (values.startup) {
    const startup = await measureStartupNow();
    writeResults(values.out ?? "bench-results/startup.json", startup, renderStartupMarkdown(startup));
    process.stdout.write(`\n${renderStartupTable(startup)}`);
    process.exitCode = hasProblems(startup) ? 1 : 0;
    return;
  }

  process.stderr.write(`bench: sizes ${sizes.join(", ")}; ${latencyMs} ms per request\n`);
  // Start-up first, while no simulator shares the CPU.
  const startup = await measureStartupNow();
  const bench: BenchResult = {
    ...(await runBench({
      root: ROOT,
      sizes,
      latencyMs,
      bigSyncs: values["big-syncs"],
      ...(scenarios ? { scenarios } : {}),
      progress,
    })),
    startup,
  };
  writeResults(
    values.out ?? "bench-results/latest.json",
    bench,
    `${renderBenchMarkdown(bench)}\n${renderStartupMarkdown(startup)}`,
  );
  process.stdout.write(`\n${renderBenchTable(bench)}\n${renderStartupTable(startup)}`);
  process.exitCode = bench.results.some((r) => r.problems.length > 0) || hasProblems(startup) ? 1 : 0;
}

function hasProblems(startup: StartupReport): boolean {
  return startup.results.some((r) => r.problems.length > 0);
}

/** FILE (JSON) and FILE with .md for .json (the markdown table). */
function writeResults(file: string, data: unknown, markdown: string): void {
  const out = resolve(ROOT, file);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(data, null, 2)}\n`);
  const md = `${out.replace(/\.json$/, "")}.md`;
  writeFileSync(md, markdown);
  process.stderr.write(`\nbench: wrote ${out} and ${md}\n`);
}

await main();
