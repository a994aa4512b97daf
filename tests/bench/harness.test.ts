/**
 * The benchmark harness on a tiny generated organisation at 0 ms latency: every figure it reports
 * must be what the simulator logged (and what the CLI itself counted), never an estimate.
 * Needs `npm run build` (the CLI runs from dist/ as a subprocess).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  compareCounts,
  countRequests,
  parseClientSummary,
  type RequestCounts,
  runCli,
} from "../../src/bench/measure.js";
import { budgetShare, renderBenchMarkdown, renderBenchTable } from "../../src/bench/render.js";
import { type BenchResult, runBench, type ScenarioResult } from "../../src/bench/run-bench.js";
import { type RequestLogEntry, type Simulator, startSimulator } from "../../src/simulator/index.js";
import { ROOT } from "../helpers/cli.js";

const entry = (overrides: Partial<RequestLogEntry>): RequestLogEntry => ({
  method: "GET",
  path: "/orgs/acme/repos",
  query: {},
  status: 200,
  kind: "rest",
  write: false,
  cost: 1,
  ...overrides,
});

describe("countRequests", () => {
  it("counts REST, GraphQL, 304s, writes, errors and the points the log charged", () => {
    const counts = countRequests([
      entry({}),
      entry({ status: 304, cost: 0 }),
      entry({ method: "POST", path: "/repos/acme/a/labels", status: 201, write: true }),
      entry({ method: "POST", path: "/graphql", kind: "graphql", cost: 41 }),
      entry({ status: 403, cost: 0 }),
      entry({ status: 0, cost: 0 }),
    ]);
    expect(counts).toEqual({
      requests: 6,
      rest: 5,
      graphql: 1,
      notModified: 1,
      writes: 1,
      points: 43,
      restPoints: 2,
      graphqlPoints: 41,
      errors: 2,
    } satisfies RequestCounts);
  });

  it("reads the client's own summary line and names every disagreement", () => {
    const stderr = "GET /x 200\nrequests: 19 REST (2 cached), 1 GraphQL, 0 writes; rate limit 4981/5000\n";
    const client = parseClientSummary(stderr);
    expect(client).toEqual({ rest: 19, notModified: 2, graphql: 1, writes: 0 });
    const counts = countRequests([entry({}), entry({ kind: "graphql" })]);
    expect(compareCounts(counts, client)).toEqual([
      "REST: simulator logged 1, the client counted 19",
      "304: simulator logged 0, the client counted 2",
    ]);
    expect(parseClientSummary("no summary here")).toBeUndefined();
  });
});

describe("runBench on a 3-repository generated organisation at 0 ms", () => {
  const sims: Simulator[] = [];
  let bench: BenchResult;
  const byScenario = (id: ScenarioResult["scenario"]) => bench.results.find((r) => r.scenario === id)!;

  it("reports, scenario by scenario, exactly what the simulators logged", async () => {
    bench = await runBench({
      root: ROOT,
      sizes: [3],
      latencyMs: 0,
      simulatorFactory: async (options) => {
        const sim = await startSimulator(options);
        sims.push(sim);
        return sim;
      },
    });
    expect(bench.results.map((r) => r.scenario)).toEqual([
      "check",
      "check-again",
      "sync-first",
      "status",
      "status-again",
      "report",
      "history",
      "history-again",
    ]);
    for (const r of bench.results) {
      expect(r.problems, `${r.title}: ${r.problems.join("; ")}`).toEqual([]);
      expect(r.exitCode).toBe(0);
      expect(r.repos).toBe(3);
      expect(r.data).toBe("generated");
      expect(r.latencyMs).toBe(0);
      // The CLI's own count (--verbose), where it prints one, agrees with the simulator's.
      if (r.client) {
        expect(r.client.rest + r.client.graphql).toBe(r.requests);
        expect(r.client.writes).toBe(r.writes);
      }
    }
    // Two organisations: one in sync (check, status, report), one with default labels (the sync).
    expect(sims).toHaveLength(2);
    const [inSync, beforeSync] = sims as [Simulator, Simulator];
    const inSyncRuns = bench.results.filter((r) => r.scenario !== "sync-first");
    const sum = (runs: ScenarioResult[], key: keyof RequestCounts) => runs.reduce((n, r) => n + r[key], 0);
    expect(sum(inSyncRuns, "requests")).toBe(inSync.log.length);
    expect(sum(inSyncRuns, "points")).toBe(inSync.log.reduce((n, e) => n + e.cost, 0));
    expect(sum(inSyncRuns, "graphql")).toBe(inSync.log.filter((e) => e.kind === "graphql").length);
    expect(sum(inSyncRuns, "writes")).toBe(0);

    const sync = byScenario("sync-first");
    expect(sync.requests).toBe(beforeSync.log.length);
    expect(sync.writes).toBe(beforeSync.log.filter((e) => e.kind === "rest" && e.method !== "GET").length);
    expect(sync.points).toBe(beforeSync.log.reduce((n, e) => n + e.cost, 0));
    // The sync really happened: every repository now carries all 59 labels.
    for (const repo of beforeSync.state.repos) {
      expect(repo.labels.length).toBeGreaterThanOrEqual(bench.labels);
    }
    expect(sync.writes).toBeGreaterThanOrEqual(3 * (bench.labels - 9));
  });

  it("charges every run rate-limit points", () => {
    for (const r of bench.results) expect(r.points, r.title).toBeGreaterThan(0);
  });

  it("shows each run's share of an hour's budget from the busier of the REST and GraphQL budgets", () => {
    const run = { restPoints: 250, graphqlPoints: 1000 };
    expect(budgetShare(run, 5000)).toBe(20);
    expect(budgetShare(run, 1000)).toBe(100);
    const table = renderBenchTable({
      ...bench,
      results: [{ ...byScenario("status"), ...run, points: 1250 }],
    });
    expect(table).toMatch(/1250\s+20%\s+100%/);
    const over = renderBenchTable({
      ...bench,
      results: [{ ...byScenario("report"), restPoints: 0, graphqlPoints: 6000 }],
    });
    expect(over).toContain("more than a token's hour");
  });

  it("prints an aligned table with one row per run and the same rows in markdown", () => {
    const table = renderBenchTable(bench);
    const lines = table.split("\n");
    expect(lines[0]).toMatch(/^repos\s+scenario\s+data\s+requests\s+REST\s+GraphQL\s+304\s+writes\s+points/);
    const rows = lines.filter((l) => /^\s+3\s/.test(l));
    expect(rows).toHaveLength(8);
    // Aligned: the requests column ends at the same place on every row.
    const end = lines[0]!.indexOf("requests") + "requests".length;
    for (const [i, row] of rows.entries()) {
      expect(row.slice(end - String(bench.results[i]!.requests).length, end)).toBe(
        String(bench.results[i]!.requests),
      );
    }
    const markdown = renderBenchMarkdown(bench);
    expect(markdown.split("\n").filter((l) => l.startsWith("| 3 |"))).toHaveLength(8);
    expect(markdown).toContain(`| ${byScenario("sync-first").writes} |`);
  });
});

describe("npm run bench (dist/bench/main.js)", () => {
  const dir = mkdtempSync(join(tmpdir(), "waku-pm-bench-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the JSON results and the markdown table, and prints the table", async () => {
    const out = join(dir, "latest.json");
    const result = await runCli(
      join(ROOT, "dist/bench/main.js"),
      ["--sizes", "3", "--latency", "0", "--scenarios", "check", "--startup-runs", "1", "--out", out],
      {},
      ROOT,
    );
    expect(result.stderr).toContain("bench: sizes 3");
    expect(result.code).toBe(0);
    const json = JSON.parse(readFileSync(out, "utf8")) as BenchResult;
    expect(json.version).toBe(1);
    expect(json.results).toHaveLength(1);
    expect(json.results[0]).toMatchObject({ scenario: "check", repos: 3, exitCode: 0, problems: [] });
    expect(existsSync(join(dir, "latest.md"))).toBe(true);
    expect(result.stdout).toContain("check (labels in sync)");
    // The start-up section comes with every full run.
    expect(json.startup?.results.map((r) => r.id)).toEqual(["node", "version", "lint"]);
    expect(result.stdout).toContain("waku-pm --version");
  });
});
