/**
 * `npm run bench`: what each command costs in requests, rate-limit points and time, measured
 * against the GitHub simulator with a realistic latency, at several organisation sizes.
 *
 *   npm run bench                          sizes 18, 100, 500 at 100 ms per request
 *   npm run bench -- --quick               sizes 18 and 100 only
 *   npm run bench -- --sizes 18,50 --latency 20
 *   npm run bench -- --big-syncs           also the first sync of 100 and 500 repositories (minutes)
 *
 * Prints the table, writes bench-results/latest.json (every figure) and bench-results/latest.md
 * (the table for the README's "What each command costs"). Exit 1 when a run misbehaved (unexpected exit code, the
 * simulator's and the client's counts disagree, a request GitHub would refuse).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { renderBenchMarkdown, renderBenchTable } from "./render.js";
import { runBench, SCENARIO_TITLES, type ScenarioId } from "./run-bench.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DEFAULT_SIZES = [18, 100, 500];
const QUICK_SIZES = [18, 100];

const USAGE = `usage: npm run bench -- [--quick] [--sizes 18,100,500] [--latency MS] [--scenarios LIST]
                       [--big-syncs] [--out FILE]

  --quick               sizes ${QUICK_SIZES.join(",")} only
  --sizes LIST          organisation sizes in repositories (default ${DEFAULT_SIZES.join(",")}); at 18,
                        status and report run on the demo organisation, elsewhere on generated ones
  --latency MS          simulator latency per request (default 100)
  --scenarios LIST      some of: ${Object.keys(SCENARIO_TITLES).join(",")}
  --big-syncs           also run the first sync above 18 repositories, at 0 ms latency
                        (writes are serial: 100 repositories ≈ 5,000 writes, 500 ≈ 25,000)
  --out FILE            JSON results (default bench-results/latest.json; the table goes beside it as .md)
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
      out: { type: "string", default: "bench-results/latest.json" },
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

  process.stderr.write(`bench: sizes ${sizes.join(", ")}; ${latencyMs} ms per request\n`);
  const bench = await runBench({
    root: ROOT,
    sizes,
    latencyMs,
    bigSyncs: values["big-syncs"],
    ...(scenarios ? { scenarios } : {}),
    progress: (text, done) => process.stderr.write(done ? ` ${text}\n` : `  ${text}`),
  });

  const out = resolve(ROOT, values.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(bench, null, 2)}\n`);
  const markdown = `${out.replace(/\.json$/, "")}.md`;
  writeFileSync(markdown, renderBenchMarkdown(bench));
  process.stdout.write(`\n${renderBenchTable(bench)}`);
  process.stderr.write(`\nbench: wrote ${out} and ${markdown}\n`);
  process.exitCode = bench.results.some((r) => r.problems.length > 0) ? 1 : 0;
}

await main();
