/**
 * `--repo` on the reading commands (status, report, history): only the tasks and updates of the
 * named repositories (names or globs, as in the config's repos.include) count; a name matching
 * nothing is bad input naming the repositories. And `report`'s progress line on a terminal is
 * cleared before the result, like status's.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../src/simulator/index.js";
import { runMain } from "./helpers/process-io.js";

const TOKEN = "ghp_repo_flag_test";
const NOW = "2024-03-08T09:00:00Z";
const labels = [
  { name: "epic", color: "ededed" },
  { name: "E:a", color: "ededed" },
];
const update = (marker: string) => `**Weekly Update**\n- _achieved_: ${marker}\n- _next_: more`;

let sim: Simulator;
let dir: string;
const run = (args: string[], tty = false) =>
  runMain(args, {
    cwd: dir,
    tty,
    columns: 100,
    env: {
      GITHUB_API_URL: sim.url,
      GITHUB_GRAPHQL_URL: sim.graphqlUrl,
      GITHUB_TOKEN: TOKEN,
      WAKU_PM_NOW: NOW,
    },
  });

beforeAll(async () => {
  const task = (number: number, marker: string) => ({
    number,
    title: `Task ${number}`,
    state: "open" as const,
    labels: ["E:a"],
    created_at: "2024-02-01T00:00:00Z",
    updated_at: "2024-03-05T10:00:00Z",
    comments: [{ user: "alice", body: update(marker), created_at: "2024-03-05T10:00:00Z" }],
  });
  sim = await startSimulator({
    seed: {
      org: "flag-org",
      tokens: [TOKEN],
      repos: [
        {
          name: "pm",
          labels,
          milestones: [
            {
              number: 1,
              title: "Launch",
              due_on: "2024-06-01T00:00:00Z",
              created_at: "2024-02-01T00:00:00Z",
            },
          ],
          issues: [
            {
              number: 10,
              title: "[Epic] A",
              state: "open",
              labels: ["epic", "E:a"],
              milestone: 1,
              created_at: "2024-02-01T00:00:00Z",
            },
          ],
        },
        { name: "nwaku", labels, issues: [task(1, "NWAKUNEWS")] },
        { name: "js-waku", labels, issues: [task(2, "JSNEWS")] },
      ],
    },
  });
  dir = mkdtempSync(join(tmpdir(), "waku-pm-repo-flag-"));
  writeFileSync(
    join(dir, "labels.yaml"),
    "org: flag-org\nlabels:\n  - name: epic\n    color: ededed\n  - name: E:a\n    color: ededed\n",
  );
});

afterAll(async () => {
  expect(sim.violations).toEqual([]);
  await sim.close();
});

describe("--repo on the reading commands", () => {
  it("status counts only the tasks of the named repositories, by name or glob", async () => {
    const tasksOf = async (args: string[]) => {
      const r = await run(["status", "--milestone", "1", "--json", ...args]);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { epics: { tasks: { repo: string }[] }[] }).epics[0]?.tasks.map(
        (t) => t.repo,
      );
    };
    expect(await tasksOf([])).toEqual(["flag-org/js-waku", "flag-org/nwaku"]);
    expect(await tasksOf(["--repo", "nwaku"])).toEqual(["flag-org/nwaku"]);
    expect(await tasksOf(["--repo", "js-*"])).toEqual(["flag-org/js-waku"]);
  });

  it("a repository that does not exist is bad input naming the organisation's repositories", async () => {
    const r = await run(["status", "--milestone", "1", "--repo", "go-waku"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--repo: "go-waku" is not a repository of flag-org');
    expect(r.stderr).toContain("nwaku");
  });

  it("report and history keep only those repositories' updates and tasks", async () => {
    const report = await run(["report", "--since", "2024-03-01", "--until", "2024-03-08", "--repo", "nwaku"]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain("NWAKUNEWS");
    expect(report.stdout).not.toContain("JSNEWS");
    const history = await run(["history", "--milestone", "1", "--json", "--repo", "nwaku"]);
    expect(history.code, history.stderr).toBe(0);
    expect((JSON.parse(history.stdout) as { series: { scope: number }[] }).series.at(-1)?.scope).toBe(1);
  });

  it("report's progress line on a terminal is cleared before the report is printed", async () => {
    const r = await run(["report", "--since", "2024-03-01", "--until", "2024-03-08"], true);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("\r\u001b[KReading milestones and epics");
    // Whatever was drawn is erased: the last progress write is a bare clear, not a line of text.
    const afterLastClear = r.stderr.slice(r.stderr.lastIndexOf("\r\u001b[K") + 4);
    expect(afterLastClear.startsWith("Reading")).toBe(false);
    expect(r.stderr).not.toMatch(/…\n/);
  });
});
