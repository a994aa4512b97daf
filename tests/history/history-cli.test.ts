/**
 * `history` and `status --as-of` end to end against the simulator, over a seeded history whose
 * answers are worked out by hand (the same story as replay.test.ts, told through GitHub's events):
 * a task labelled under an epic label's old name, closed, reopened and closed again; a label
 * removed; a not-planned close; an epic moved into the milestone on a known day; a task created
 * late; tasks across three repositories. `status` today must equal history's last point.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import type { Seed, SeedEvent, SeedIssue } from "../../src/simulator/seed.js";
import { runCli } from "../helpers/cli.js";

const TOKEN = "history-test-token";
const NOW = "2023-09-20T12:00:00Z";
const day = (d: number, hour = 10) =>
  `2023-09-${String(d).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`;
const labelled = (label: string, d: number, hour = 10): SeedEvent => ({
  event: "labeled",
  label,
  created_at: day(d, hour),
});

function issue(number: number, extra: Partial<SeedIssue> & Pick<SeedIssue, "labels" | "events">): SeedIssue {
  return { number, title: `Task ${number}`, state: "open", created_at: day(1, 0), ...extra };
}

const LABELS = [
  { name: "epic", color: "ededed" },
  { name: "E:alpha", color: "ededed", former_names: ["E:old-alpha"] },
  { name: "E:beta", color: "ededed" },
];

const SEED: Seed = {
  org: "hist-org",
  tokens: [TOKEN],
  repos: [
    {
      name: "pm",
      labels: LABELS,
      milestones: [
        { number: 1, title: "Gen 0", due_on: "2023-12-01T00:00:00Z", created_at: "2023-08-28T00:00:00Z" },
        { number: 2, title: "Scale", created_at: "2023-08-28T00:00:00Z" },
      ],
      issues: [
        issue(10, {
          title: "[Epic] Alpha",
          labels: ["epic", "E:alpha"],
          milestone: 1,
          events: [
            labelled("epic", 1, 1),
            labelled("E:alpha", 1, 1),
            { event: "milestoned", milestone: "Gen 0", created_at: day(1, 1) },
          ],
        }),
        issue(11, {
          title: "[Epic] Beta",
          labels: ["epic", "E:beta"],
          milestone: 1,
          events: [
            labelled("epic", 1, 1),
            labelled("E:beta", 1, 1),
            { event: "milestoned", milestone: "Scale", created_at: day(1, 1) },
            { event: "demilestoned", milestone: "Scale", created_at: day(15) },
            { event: "milestoned", milestone: "Gen 0", created_at: day(15) },
          ],
        }),
      ],
    },
    {
      name: "nwaku",
      labels: LABELS,
      issues: [
        issue(1, {
          state: "closed",
          closed_at: day(12),
          labels: ["E:alpha"],
          events: [
            labelled("E:old-alpha", 2),
            { event: "closed", created_at: day(5) },
            { event: "reopened", created_at: day(8) },
            { event: "closed", created_at: day(12) },
          ],
        }),
        issue(2, {
          labels: [],
          events: [labelled("E:alpha", 3), { event: "unlabeled", label: "E:alpha", created_at: day(9) }],
        }),
      ],
    },
    {
      name: "js-waku",
      labels: LABELS,
      issues: [
        issue(3, {
          state: "closed",
          state_reason: "not_planned",
          closed_at: day(10),
          labels: ["E:alpha"],
          events: [
            labelled("E:alpha", 4),
            { event: "closed", state_reason: "not_planned", created_at: day(10) },
          ],
        }),
      ],
    },
    {
      name: "go-waku",
      labels: LABELS,
      issues: [
        issue(4, {
          state: "closed",
          closed_at: day(7),
          labels: ["E:beta"],
          events: [labelled("E:beta", 6), { event: "closed", created_at: day(7) }],
        }),
        issue(5, { created_at: day(20, 9), labels: ["E:alpha"], events: [labelled("E:alpha", 20)] }),
      ],
    },
  ],
};

const CONFIG = `org: hist-org
labels:
  - name: epic
    color: ededed
  - name: E:alpha
    color: ededed
    aliases: [E:old-alpha]
  - name: E:beta
    color: ededed
`;

let sim: Simulator;
let dir: string;
const run = (args: string[]) =>
  runCli(args, {
    cwd: dir,
    env: {
      GITHUB_TOKEN: TOKEN,
      GITHUB_API_URL: sim.url,
      GITHUB_GRAPHQL_URL: sim.graphqlUrl,
      WAKU_PM_NOW: NOW,
      WAKU_PM_CACHE_DIR: join(dir, "cache"),
    },
  });

beforeAll(async () => {
  sim = await startSimulator({ seed: SEED });
  dir = mkdtempSync(join(tmpdir(), "waku-pm-history-"));
  writeFileSync(join(dir, "labels.yaml"), CONFIG);
}, 30_000);

afterAll(async () => {
  await sim?.close();
});

interface Totals {
  open: number;
  closed: number;
  total: number;
  percent: number;
  not_planned: number;
}

describe("waku-pm history", () => {
  it("gives exactly the known numbers at every point, and status today equals the last one", async () => {
    const r = await run(["history", "--milestone", "gen 0", "--since", "2023-09-01", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const h = JSON.parse(r.stdout);
    expect(h.milestone).toMatchObject({ number: 1, title: "Gen 0", start: "2023-08-28" });
    expect(h.until).toBe("2023-09-20");
    expect(
      h.series.map((p: { date: string; scope: number; closed: number; not_planned: number }) => [
        p.date,
        p.scope,
        p.closed,
        p.not_planned,
      ]),
    ).toEqual([
      ["2023-09-01", 0, 0, 0],
      ["2023-09-08", 3, 0, 0],
      ["2023-09-15", 2, 2, 1],
      ["2023-09-20", 3, 2, 0],
    ]);
    expect(h.series[2]).toMatchObject({
      added: 1,
      removed: 1,
      closed_in_period: 2,
      reopened: 0,
      not_planned: 1,
    });
    expect(
      h.changes.map((c: { kind: string; repo: string; number: number }) => `${c.kind} ${c.repo}#${c.number}`),
    ).toEqual([
      "added hist-org/nwaku#1",
      "added hist-org/nwaku#2",
      "added hist-org/js-waku#3",
      "closed hist-org/nwaku#1",
      "reopened hist-org/nwaku#1",
      "removed hist-org/nwaku#2",
      "not_planned hist-org/js-waku#3",
      "closed hist-org/nwaku#1",
      "added hist-org/go-waku#4",
      "added hist-org/go-waku#5",
    ]);

    const today = await run(["status", "--milestone", "gen 0", "--json"]);
    expect(today.code, today.stderr).toBe(0);
    const last = h.series.at(-1);
    const totals: Totals = JSON.parse(today.stdout).totals;
    expect(totals).toEqual({
      open: last.open,
      closed: last.closed,
      total: last.scope,
      percent: 66,
      not_planned: 1,
    });
    expect(sim.violations).toEqual([]);
  });

  it("status --forecast gives history's own forecast, in the JSON and under the table, and a trend in markdown", async () => {
    const graphqlSince = (before: number) => sim.log.slice(before).filter((e) => e.kind === "graphql").length;
    let before = sim.log.length;
    const h = JSON.parse((await run(["history", "--milestone", "gen 0", "--json"])).stdout);
    const historyGraphql = graphqlSince(before);
    before = sim.log.length;
    const json = await run(["status", "--milestone", "gen 0", "--forecast", "--json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).forecast).toEqual(h.forecast);
    // One read of the tasks serves the table and the replay: the same GraphQL documents as
    // `history` (the overview and the replay's task read), not a second read for the table.
    expect(graphqlSince(before)).toBe(historyGraphql);
    const table = await run(["status", "--milestone", "gen 0", "--forecast"]);
    expect(table.stdout).toMatch(/\nForecast: (likely done \d{4}-\d\d-\d\d|no forecast: .+|done: .+)\n$/);
    const md = await run(["status", "--milestone", "gen 0", "--forecast", "--format", "markdown"]);
    expect(md.stdout).toMatch(/\*\*Trend \(last \d+ weeks\):\*\* [▁▂▃▄▅▆▇█]+ \d+ %/);
    // Without the flag nothing of the history is read; the rest of the JSON is the same.
    before = sim.log.length;
    const plain = await run(["status", "--milestone", "gen 0", "--json"]);
    expect(JSON.parse(plain.stdout).forecast).toBeUndefined();
    expect(sim.log.slice(before).every((e) => e.kind === "graphql")).toBe(true);
    expect({ ...JSON.parse(json.stdout), forecast: undefined }).toEqual(JSON.parse(plain.stdout));
  });

  it("status --as-of gives the numbers of each day, epics as they were then", async () => {
    const asOf = async (date: string) => {
      const r = await run(["status", "--milestone", "gen 0", "--as-of", date, "--json"]);
      expect(r.code, r.stderr).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(json.as_of).toBe(date);
      return { totals: json.totals as Totals, epics: json.epics.map((e: { number: number }) => e.number) };
    };
    expect(await asOf("2023-09-08")).toEqual({
      totals: { open: 3, closed: 0, total: 3, percent: 0, not_planned: 0 },
      epics: [10],
    });
    expect(await asOf("2023-09-12")).toEqual({
      totals: { open: 0, closed: 1, total: 1, percent: 100, not_planned: 1 },
      epics: [10],
    });
    expect(await asOf("2023-09-15")).toEqual({
      totals: { open: 0, closed: 2, total: 2, percent: 100, not_planned: 1 },
      epics: [10, 11],
    });
  });

  it("a second run on an unchanged organisation asks each repository only for its newest events", async () => {
    const before = sim.log.length;
    const r = await run(["history", "--milestone", "gen 0", "--since", "2023-09-01", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const rest = sim.log.slice(before).filter((e) => !e.path.endsWith("/graphql"));
    expect(rest.length).toBeLessThanOrEqual(4);
    expect(rest.every((e) => e.status === 304)).toBe(true);
  });

  it("refuses a date that is not one, and an --as-of in the future, before any request", async () => {
    const before = sim.log.length;
    const bad = await run(["history", "--since", "2023-13-01"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since: "2023-13-01" is not a date');
    const future = await run(["status", "--as-of", "2024-01-01"]);
    expect(future.code).toBe(2);
    expect(future.stderr).toContain("is in the future");
    expect(sim.log.length).toBe(before);
  });
});
