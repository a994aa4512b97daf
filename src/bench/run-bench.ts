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
import { DEMO_TOKEN, demoSeed } from "../simulator/demo-seed.js";
import { GENERATED_NOW, GENERATED_TOKEN, generateOrg } from "../simulator/generate-org.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import type { Seed } from "../simulator/seed.js";
import { type ClientCounts, compareCounts, measureRun, type RequestCounts } from "./measure.js";

/** The demo's clock (see demo/run-demo.ts): the Monday the weekly report was written. */
export const DEMO_NOW = "2023-11-27T09:00:00Z";
/** The size at which status and report use the demo organisation instead of a generated one. */
export const DEMO_SIZE = 18;
const GENERATED_ORG = "bench-org";

export type ScenarioId = "check" | "check-again" | "sync-first" | "status" | "status-again" | "report";

export const SCENARIO_TITLES: Record<ScenarioId, string> = {
  check: "check (labels in sync)",
  "check-again": "check again (same cache)",
  "sync-first": "first sync-labels",
  status: "status --milestone gen0",
  "status-again": "status again (same cache)",
  report: "report --since 7d",
};

export interface BenchOptions {
  /** Project root: holds bin/waku-pm.js and labels.yaml. */
  root: string;
  /** Organisation sizes (repositories selected). */
  sizes: number[];
  /** Simulator latency per request, ms. */
  latencyMs: number;
  /**
   * A first sync of more repositories than this runs at 0 ms latency: its writes are serial, so at
   * 100 ms a 500-repository sync would take 40 minutes. Its counts are unaffected; its time is then
   * the CPU's alone, and is marked so. Default: DEMO_SIZE.
   */
  fullLatencySyncUpTo?: number;
  /** Run only these scenarios (default all). */
  scenarios?: ScenarioId[];
  /** Called with a line of progress per run. */
  progress?: (line: string) => void;
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
}

export interface BenchResult {
  version: 1;
  generatedAt: string;
  node: string;
  latencyMs: number;
  sizes: number[];
  labels: number;
  results: ScenarioResult[];
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
}

interface OrgSpec {
  repos: number;
  data: "demo" | "generated";
  seed: Seed;
  token: string;
  configPath: string;
  now: string;
  latencyMs: number;
  runs: RunSpec[];
}

/** The organisations (one simulator each) and runs for one size. */
function planSize(
  size: number,
  options: BenchOptions,
  config: Config,
  workDir: string,
  wanted: Set<ScenarioId>,
): OrgSpec[] {
  const orgs: OrgSpec[] = [];
  const genConfig = join(workDir, `labels-${size}.yaml`);
  writeFileSync(genConfig, generatedConfigYaml(config, GENERATED_ORG));
  const labels = seedLabels(config);
  const milestones = Object.values(config.milestones);
  const generated = (repoLabels: "config" | "github-defaults"): Seed =>
    generateOrg({
      repos: size,
      labels,
      org: GENERATED_ORG,
      pmRepo: config.pmRepo,
      epicPrefix: config.epicPrefix,
      milestones,
      repoLabels,
    });
  const keep = (runs: RunSpec[]) => runs.filter((r) => wanted.has(r.scenario));

  const useDemo = size === DEMO_SIZE;
  const inSyncRuns = keep([
    { scenario: "check", args: ["check"], expectedExit: 0, cache: "check" },
    { scenario: "check-again", args: ["check"], expectedExit: 0, cache: "check" },
    ...(useDemo
      ? []
      : ([
          { scenario: "status", args: ["status", "--milestone", "gen0"], expectedExit: 0, cache: "status" },
          {
            scenario: "status-again",
            args: ["status", "--milestone", "gen0"],
            expectedExit: 0,
            cache: "status",
          },
          { scenario: "report", args: ["report", "--since", "7d"], expectedExit: 0, cache: "report" },
        ] as RunSpec[])),
  ]);
  if (inSyncRuns.length > 0) {
    orgs.push({
      repos: size,
      data: "generated",
      seed: generated("config"),
      token: GENERATED_TOKEN,
      configPath: genConfig,
      now: GENERATED_NOW,
      latencyMs: options.latencyMs,
      runs: inSyncRuns,
    });
  }
  const syncRuns = keep([
    {
      scenario: "sync-first",
      args: ["sync-labels", "--write-interval", "0"],
      expectedExit: 0,
      cache: "sync",
    },
  ]);
  if (syncRuns.length > 0) {
    orgs.push({
      repos: size,
      data: "generated",
      seed: generated("github-defaults"),
      token: GENERATED_TOKEN,
      configPath: genConfig,
      now: GENERATED_NOW,
      latencyMs: size > (options.fullLatencySyncUpTo ?? DEMO_SIZE) ? 0 : options.latencyMs,
      runs: syncRuns,
    });
  }
  const demoRuns = useDemo
    ? keep([
        { scenario: "status", args: ["status", "--milestone", "gen0"], expectedExit: 0, cache: "status" },
        {
          scenario: "status-again",
          args: ["status", "--milestone", "gen0"],
          expectedExit: 0,
          cache: "status",
        },
        { scenario: "report", args: ["report", "--since", "7d"], expectedExit: 0, cache: "report" },
      ])
    : [];
  if (demoRuns.length > 0) {
    orgs.push({
      repos: size,
      data: "demo",
      seed: demoSeed({ now: new Date(DEMO_NOW), tokens: [DEMO_TOKEN] }),
      token: DEMO_TOKEN,
      configPath: join(options.root, "labels.yaml"),
      now: DEMO_NOW,
      latencyMs: options.latencyMs,
      runs: demoRuns,
    });
  }
  return orgs;
}

async function runOrg(org: OrgSpec, options: BenchOptions, workDir: string): Promise<ScenarioResult[]> {
  const start = options.simulatorFactory ?? startSimulator;
  const sim: Simulator = await start({ seed: org.seed, latencyMs: org.latencyMs });
  const bin = join(options.root, "bin", "waku-pm.js");
  const results: ScenarioResult[] = [];
  try {
    for (const run of org.runs) {
      const cacheHome = join(workDir, `cache-${org.data}-${org.repos}-${run.cache}`);
      mkdirSync(cacheHome, { recursive: true });
      const args = ["--config", org.configPath, "--verbose", ...run.args];
      const env = {
        GITHUB_API_URL: sim.url,
        GITHUB_GRAPHQL_URL: sim.graphqlUrl,
        GITHUB_TOKEN: org.token,
        XDG_CACHE_HOME: cacheHome,
        WAKU_PM_NOW: org.now,
        // No retry is expected; should one happen it shows in the counts, not as a minute's wait.
        WAKU_PM_RETRY_BASE_MS: "1",
      };
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
      };
      results.push(result);
      options.progress?.(
        `${String(org.repos).padStart(4)} repos  ${result.title.padEnd(27)} ${String(result.requests).padStart(6)} requests  ${(result.ms / 1000).toFixed(1)} s${problems.length > 0 ? "  (!)" : ""}`,
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
    results,
  };
}
