/**
 * The benchmark's scenarios and the loop that runs them: for each organisation size, a fresh
 * simulator (with per-request latency) and the CLI run against it as a subprocess, each run
 * measured from the simulator's request log (`measure.ts`).
 *
 * Scenarios, per size R:
 *   check          `check` over R repositories already carrying exactly the config's labels
 *   check again    the same, right after, with the same XDG_CACHE_HOME (what an HTTP cache saves)
 *   first sync     `sync-labels --write-interval 0` into R repositories with GitHub's default labels
 *   status         `status --milestone gen0`
 *   status again   the same, same XDG_CACHE_HOME
 *   report         `report --since 7d`, the clock pinned
 * At R = 18 `status` and `report` run on the demo organisation (waku-org as it was in late 2023,
 * 20 repositories of which 18 are selected); every other organisation is generated
 * (`generate-org.ts`), with the config's 59 labels, one epic per epic label, tasks and updates.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { type Config, validateConfigText } from "../config/index.js";
import { demoSeed } from "../simulator/demo-seed.js";
import { GENERATED_NOW, generateOrg } from "../simulator/generate-org.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import type { Seed } from "../simulator/seed.js";
import { type ClientCounts, compareCounts, measureRun, type RequestCounts } from "./measure.js";
import type { StartupReport } from "./startup.js";

/** The demo's clock (see demo/run-demo.ts): the Monday the weekly report was written. */
export const DEMO_NOW = "2023-11-27T09:00:00Z";
/** The size at which status and report use the demo organisation instead of a generated one. */
export const DEMO_SIZE = 18;
const GENERATED_ORG = "bench-org";
/** Fake tokens, accepted only by the bench's own simulators. */
const BENCH_TOKEN_PREFIX = "ghp_waku_pm_bench_";
/** Points per token per hour in the bench's simulators: high enough that no run is cut short. */
const BENCH_RATE_LIMIT = 1_000_000;

export type ScenarioId =
  | "check"
  | "check-again"
  | "sync-first"
  | "status"
  | "status-again"
  | "report"
  | "history"
  | "history-again"
  | "status-subissues";

export const SCENARIO_TITLES: Record<ScenarioId, string> = {
  check: "check (labels in sync)",
  "check-again": "check again (same cache)",
  "sync-first": "first sync-labels",
  status: "status --milestone gen0",
  "status-again": "status again (same cache)",
  report: "report --since 7d",
  history: "history --milestone gen0",
  "history-again": "history again (same cache)",
  "status-subissues": "status, sub-issue epics",
};

export interface BenchOptions {
  /** Project root: holds bin/waku-pm.js and labels.yaml. */
  root: string;
  /** Organisation sizes (repositories selected). */
  sizes: number[];
  /** Simulator latency per request, ms. */
  latencyMs: number;
  /**
   * Also run the first sync at sizes above DEMO_SIZE (default false: 100 repositories are ~5,000
   * writes, 500 are ~25,000). Those run at 0 ms latency because the writes are serial: at 100 ms
   * a 500-repository sync would take 40 minutes. Their counts are unaffected; their time is the
   * CPU's alone, and is marked so.
   */
  bigSyncs?: boolean;
  /** Run only these scenarios (default all). */
  scenarios?: ScenarioId[];
  /**
   * Progress: called when a run starts (`done` false: what is running) and when it ends (`done`
   * true: what it cost), so a two-minute sync is not two silent minutes.
   */
  progress?: (text: string, done: boolean) => void;
  /** Starts each organisation's simulator (tests pass a wrapper to keep the logs); default startSimulator. */
  simulatorFactory?: typeof startSimulator;
}

export interface ScenarioResult extends RequestCounts {
  scenario: ScenarioId;
  title: string;
  /** Repositories the command covers (selected by the config). */
  repos: number;
  data: "demo" | "generated";
  command: string;
  exitCode: number;
  /** Exit code the scenario should end with; a different one makes the row suspect. */
  expectedExit: number;
  /** Wall time of the CLI process, ms, rounded. */
  ms: number;
  /** Latency the simulator added to every request during this run. */
  latencyMs: number;
  /** The client's own count (--verbose summary), when the command prints one. */
  client: ClientCounts | null;
  /** Disagreements between the simulator's log and the client's count, violations, bad exit. */
  problems: string[];
  /** What each GraphQL document cost, in the order the simulator answered them. */
  documentPoints?: number[];
}

export interface BenchResult {
  version: 1;
  generatedAt: string;
  node: string;
  latencyMs: number;
  sizes: number[];
  labels: number;
  /** Whether first syncs above DEMO_SIZE repositories were run (`--big-syncs`). */
  bigSyncs: boolean;
  results: ScenarioResult[];
  /** Start-up ratios (`startup.ts`), when measured. */
  startup?: StartupReport;
}

/** The root labels.yaml, read and validated through the config module (the same reader the CLI uses). */
export function loadRootConfig(root: string): Config {
  const file = join(root, "labels.yaml");
  const checked = validateConfigText(readFileSync(file, "utf8"), file);
  if (!checked.config) {
    const first = checked.errors[0];
    throw new Error(`bench: ${file} is not a valid config${first ? ` (${first.message})` : ""}`);
  }
  return checked.config;
}

/** The config a generated organisation is benchmarked with: the root file's labels and milestones, every repository. */
export function generatedConfigYaml(config: Config, org: string): string {
  return stringify({
    org,
    pm_repo: config.pmRepo,
    epic_prefix: config.epicPrefix,
    repos: { include: ["*"], exclude: [] },
    milestones: config.milestones,
    labels: config.labels.map((l) => ({
      name: l.name,
      color: l.color,
      ...(l.description !== undefined ? { description: l.description } : {}),
    })),
  });
}

function seedLabels(config: Config) {
  return config.labels.map((l) => ({ name: l.name, color: l.color, description: l.description ?? null }));
}

interface RunSpec {
  scenario: ScenarioId;
  args: string[];
  expectedExit: number;
  /** Name of the XDG_CACHE_HOME to use: runs sharing a name share the cache. */
  cache: string;
  /** Another config than the organisation's (relative to the project root). */
  config?: string;
}

interface OrgSpec {
  repos: number;
  data: "demo" | "generated";
  /** Builds the seed accepting these tokens. */
  seed: (tokens: string[]) => Seed;
  configPath: string;
  now: string;
  latencyMs: number;
  runs: RunSpec[];
}

const CHECK_RUNS: RunSpec[] = [
  { scenario: "check", args: ["check"], expectedExit: 0, cache: "check" },
  { scenario: "check-again", args: ["check"], expectedExit: 0, cache: "check" },
];
const PLANNING_RUNS: RunSpec[] = [
  { scenario: "status", args: ["status", "--milestone", "gen0"], expectedExit: 0, cache: "status" },
  { scenario: "status-again", args: ["status", "--milestone", "gen0"], expectedExit: 0, cache: "status" },
  { scenario: "report", args: ["report", "--since", "7d"], expectedExit: 0, cache: "report" },
  { scenario: "history", args: ["history", "--milestone", "gen0"], expectedExit: 0, cache: "history" },
  { scenario: "history-again", args: ["history", "--milestone", "gen0"], expectedExit: 0, cache: "history" },
];
/** The demo's Deliverables milestone (tracked with sub-issues, examples/deliverables.yaml). */
const SUBISSUE_RUNS: RunSpec[] = [
  {
    scenario: "status-subissues",
    args: ["status", "--milestone", "rm"],
    expectedExit: 0,
    cache: "subissues",
    config: "examples/deliverables.yaml",
  },
];
const SYNC_RUNS: RunSpec[] = [
  // --write-interval 0: the writes are counted, not waited for (GitHub's 1 s would dominate the time).
  { scenario: "sync-first", args: ["sync-labels", "--write-interval", "0"], expectedExit: 0, cache: "sync" },
];

/** The organisations (one simulator each) and their runs for one size. */
function planSize(
  size: number,
  options: BenchOptions,
  config: Config,
  workDir: string,
  wanted: Set<ScenarioId>,
): OrgSpec[] {
  const genConfig = join(workDir, `labels-${size}.yaml`);
  writeFileSync(genConfig, generatedConfigYaml(config, GENERATED_ORG));
  const generated =
    (repoLabels: "config" | "github-defaults") =>
    (tokens: string[]): Seed =>
      generateOrg({
        repos: size,
        labels: seedLabels(config),
        org: GENERATED_ORG,
        pmRepo: config.pmRepo,
        epicPrefix: config.epicPrefix,
        milestones: Object.values(config.milestones),
        repoLabels,
        tokens,
      });
  const onGenerated = { repos: size, data: "generated", configPath: genConfig, now: GENERATED_NOW } as const;
  const useDemo = size === DEMO_SIZE;
  const bigSync = size > DEMO_SIZE;
  const orgs: OrgSpec[] = [
    {
      ...onGenerated,
      seed: generated("config"),
      latencyMs: options.latencyMs,
      runs: useDemo ? CHECK_RUNS : [...CHECK_RUNS, ...PLANNING_RUNS],
    },
    {
      ...onGenerated,
      seed: generated("github-defaults"),
      latencyMs: bigSync ? 0 : options.latencyMs,
      runs: bigSync && !options.bigSyncs ? [] : SYNC_RUNS,
    },
  ];
  if (useDemo) {
    orgs.push({
      repos: size,
      data: "demo",
      seed: (tokens) => demoSeed({ now: new Date(DEMO_NOW), tokens, deliverables: true }),
      configPath: join(options.root, "labels.yaml"),
      now: DEMO_NOW,
      latencyMs: options.latencyMs,
      runs: [...PLANNING_RUNS, ...SUBISSUE_RUNS],
    });
  }
  return orgs
    .map((org) => ({ ...org, runs: org.runs.filter((r) => wanted.has(r.scenario)) }))
    .filter((org) => org.runs.length > 0);
}

async function runOrg(org: OrgSpec, options: BenchOptions, workDir: string): Promise<ScenarioResult[]> {
  const start = options.simulatorFactory ?? startSimulator;
  // One token for all of an organisation's runs: the HTTP cache is keyed by the token, so a repeat
  // run only finds its predecessor's answers under the same one. GitHub's limits are per token, so
  // the simulator's hourly limit is raised far above 5,000: no run is cut short by an earlier
  // one's spending, and a run costing more than an hour's points completes and shows its full cost.
  const token = `${BENCH_TOKEN_PREFIX}${org.data}_${org.repos}`;
  const sim: Simulator = await start({
    seed: org.seed([token]),
    latencyMs: org.latencyMs,
    rateLimit: BENCH_RATE_LIMIT,
  });
  const bin = join(options.root, "bin", "waku-pm.js");
  const results: ScenarioResult[] = [];
  try {
    for (const run of org.runs) {
      const cacheHome = join(workDir, `cache-${org.data}-${org.repos}-${run.cache}`);
      mkdirSync(cacheHome, { recursive: true });
      const args = [
        "--config",
        run.config ? join(options.root, run.config) : org.configPath,
        "--verbose",
        ...run.args,
      ];
      const env = {
        GITHUB_API_URL: sim.url,
        GITHUB_GRAPHQL_URL: sim.graphqlUrl,
        GITHUB_TOKEN: token,
        XDG_CACHE_HOME: cacheHome,
        WAKU_PM_NOW: org.now,
        // No retry is expected; should one happen it shows in the counts, not as a minute's wait.
        WAKU_PM_RETRY_BASE_MS: "1",
      };
      options.progress?.(
        `${String(org.repos).padStart(4)} repos  ${SCENARIO_TITLES[run.scenario].padEnd(27)}`,
        false,
      );
      const violationsBefore = sim.violations.length;
      const measured = await measureRun(sim, bin, args, env, options.root);
      const problems = compareCounts(measured.counts, measured.client);
      for (const v of sim.violations.slice(violationsBefore)) problems.push(`simulator: ${v}`);
      if (measured.run.code !== run.expectedExit) {
        const tail = measured.run.stderr.trim().split("\n").slice(-3).join(" | ");
        problems.push(`exit ${measured.run.code}, expected ${run.expectedExit}: ${tail}`);
      }
      const result: ScenarioResult = {
        scenario: run.scenario,
        title: SCENARIO_TITLES[run.scenario],
        repos: org.repos,
        data: org.data,
        command: `waku-pm ${run.args.join(" ")}`,
        ...measured.counts,
        exitCode: measured.run.code,
        expectedExit: run.expectedExit,
        ms: Math.round(measured.run.ms),
        latencyMs: org.latencyMs,
        client: measured.client ?? null,
        problems,
        documentPoints: measured.entries.filter((e) => e.kind === "graphql").map((e) => e.cost),
      };
      results.push(result);
      options.progress?.(
        `${String(result.requests).padStart(6)} requests  ${(result.ms / 1000).toFixed(1)} s${problems.length > 0 ? "  (!)" : ""}`,
        true,
      );
    }
  } finally {
    await sim.close();
  }
  return results;
}

/** Runs every scenario at every size, sequentially (concurrent runs would distort the times). */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const config = loadRootConfig(options.root);
  const wanted = new Set<ScenarioId>(options.scenarios ?? (Object.keys(SCENARIO_TITLES) as ScenarioId[]));
  const workDir = mkdtempSync(join(tmpdir(), "waku-pm-bench-"));
  const results: ScenarioResult[] = [];
  try {
    for (const size of options.sizes) {
      for (const org of planSize(size, options, config, workDir, wanted)) {
        results.push(...(await runOrg(org, options, workDir)));
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  const order = Object.keys(SCENARIO_TITLES);
  results.sort((a, b) => a.repos - b.repos || order.indexOf(a.scenario) - order.indexOf(b.scenario));
  return {
    version: 1,
    generatedAt: new Date().toISOString(),
    node: process.version,
    latencyMs: options.latencyMs,
    sizes: options.sizes,
    labels: config.labels.length,
    bigSyncs: options.bigSyncs === true,
    results,
  };
}
