/**
 * One membership rule for every command: a task carrying the labels of two epics belongs to both.
 * `status` counts it in each epic (and once in the totals); `report` files its update under each
 * epic. Before the model module, `report` gave such a task to the first epic only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import {
  comment,
  type Harness,
  issue,
  LABELS,
  locateMarkers,
  startHarness,
  TOKEN,
  update,
} from "../report/harness.js";

const NOW = "2024-03-04T09:00:00Z";
const IN = (day: number) => `2024-03-0${day}T10:00:00Z`;

let h: Harness;

beforeAll(async () => {
  h = await startHarness(
    {
      org: "acme-org",
      tokens: [TOKEN],
      repos: [
        {
          name: "pm",
          labels: LABELS,
          milestones: [{ number: 1, title: "Launch", due_on: "2024-06-01T07:00:00Z" }],
          issues: [
            issue(10, "[Epic] 1.1: Alpha", ["epic", "E:alpha"], [], { milestone: 1 }),
            issue(11, "[Epic] 1.2: Beta", ["epic", "E:beta"], [], { milestone: 1 }),
          ],
        },
        {
          name: "api",
          labels: LABELS,
          issues: [
            issue(1, "Shared task", ["E:alpha", "E:beta"], [comment("alice", update("BOTH"), IN(1))]),
            issue(2, "Alpha only", ["E:alpha"], [comment("bob", update("ALPHA"), IN(2))], {
              state: "closed",
            }),
          ],
        },
      ],
    },
    "org: acme-org\nlabels:\n  - name: epic\n    color: ededed\n",
    NOW,
  );
}, 30_000);

afterAll(async () => {
  await h?.close();
});

describe("a task with two epic labels", () => {
  it("counts for each epic in status and is listed under each epic in report", async () => {
    const env = {
      GITHUB_TOKEN: TOKEN,
      GITHUB_API_URL: h.sim.url,
      GITHUB_GRAPHQL_URL: h.sim.graphqlUrl,
      WAKU_PM_NOW: NOW,
    };
    const status = await runCli(["status", "--milestone", "Launch", "--json"], { cwd: h.dir, env });
    expect(status.stderr).toBe("");
    expect(status.code).toBe(0);
    const s = JSON.parse(status.stdout) as {
      epics: { number: number; total: number; tasks: { repo: string; number: number }[] }[];
      totals: { total: number; closed: number };
    };
    const statusEpicsOf = (n: number) =>
      s.epics
        .filter((e) => e.tasks.some((t) => t.repo === "acme-org/api" && t.number === n))
        .map((e) => e.number);
    expect(statusEpicsOf(1)).toEqual([10, 11]);
    expect(statusEpicsOf(2)).toEqual([10]);
    // Counted for each epic, once in the milestone's totals.
    expect(s.epics.map((e) => e.total)).toEqual([2, 1]);
    expect(s.totals).toMatchObject({ total: 2, closed: 1 });

    const report = await h.run(["--since", "2024-03-01", "--until", "2024-03-04", "--json"]);
    expect(report.code).toBe(0);
    const found = locateMarkers(JSON.parse(report.stdout), ["BOTH", "ALPHA"]);
    const reportEpicsOf = (marker: string) =>
      (found.get(marker) ?? []).map((where) => Number(/epic:(\d+)/.exec(where)?.[1]));
    expect(reportEpicsOf("BOTH")).toEqual(statusEpicsOf(1));
    expect(reportEpicsOf("ALPHA")).toEqual(statusEpicsOf(2));
    expect(h.sim.violations).toEqual([]);
  });
});
