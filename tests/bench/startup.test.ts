/**
 * The bench's start-up section: medians and ratios to `node -e 0` computed from the runs (pure),
 * and `npm run bench -- --startup` measuring the built CLI on its own. Needs `npm run build`.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/bench/measure.js";
import { renderStartupTable } from "../../src/bench/render.js";
import { median, type StartupId, type StartupReport, summariseStartup } from "../../src/bench/startup.js";
import { ROOT } from "../helpers/cli.js";

const runs = (ms: number[], codes = ms.map(() => 0)) => ({ ms, codes });

describe("summariseStartup", () => {
  it("takes each command's median and divides it by node -e 0's; over-target and failing runs are marked", () => {
    const samples = new Map<StartupId, { ms: number[]; codes: number[] }>([
      ["node", runs([40, 50, 45, 500])], // one outlier: the median ignores it
      ["version", runs([70, 80, 60, 75])],
      ["lint", runs([150, 140, 160, 145], [0, 0, 2, 0])],
    ]);
    const report = summariseStartup(samples);
    expect(report.runs).toBe(4);
    const byId = Object.fromEntries(report.results.map((r) => [r.id, r]));
    expect(byId.node).toMatchObject({ medianMs: 47.5, ratio: 1, target: null, overTarget: false });
    expect(byId.version).toMatchObject({
      medianMs: 72.5,
      ratio: 1.53,
      target: 2,
      overTarget: false,
      problems: [],
    });
    expect(byId.lint).toMatchObject({ medianMs: 147.5, ratio: 3.11, target: 3, overTarget: true });
    expect(byId.lint?.problems).toEqual(["1 run(s) exited 2, not 0"]);

    const table = renderStartupTable(report);
    expect(table).toMatch(/waku-pm --version\s+73 ms\s+1\.53×\s+≤ 2×\n/);
    expect(table).toMatch(/waku-pm lint \(labels\.yaml\) \(!\)\s+148 ms\s+3\.11×\s+≤ 3× \(over\)/);
  });

  it("median of an odd count is the middle value", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(() => median([])).toThrow();
  });
});

describe("npm run bench -- --startup", () => {
  const dir = mkdtempSync(join(tmpdir(), "waku-pm-startup-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs only the start-up section and writes its figures", async () => {
    const out = join(dir, "startup.json");
    const result = await runCli(
      join(ROOT, "dist/bench/main.js"),
      ["--startup", "--startup-runs", "1", "--out", out],
      {},
      ROOT,
    );
    expect(result.stderr).not.toContain("bench: sizes"); // no simulator scenario ran
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(out, "utf8")) as StartupReport;
    expect(report.runs).toBe(1);
    expect(report.results.map((r) => [r.id, r.problems])).toEqual([
      ["node", []],
      ["version", []],
      ["lint", []],
    ]);
    for (const r of report.results) expect(r.ratio).toBeGreaterThan(0);
    expect(readFileSync(join(dir, "startup.md"), "utf8")).toContain("| waku-pm lint (labels.yaml) |");
    expect(result.stdout).toContain("× node -e 0");
  });
});
