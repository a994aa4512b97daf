/**
 * `waku-pm report --month` end to end against the simulator, over a September 2023 whose every
 * answer is worked out by hand (see the story beside each issue of the seed). Start (end of 31
 * August) and end (end of 30 September) of "Gen 0":
 *
 *   Alpha   start #1 #2 #4 #5 open, #8 closed           end #1 #9 closed, #2 #3 #8 open (#5 not planned)
 *   Beta    start #6 closed, #7 open                    end #6 #7 closed; the epic closed on 20 Sep
 *   Gamma   #11 open throughout, no update: idle
 *   Old     #17 closed (the epic closed in August: not "completed in the month")
 *   Epsilon #20–#27 open; one closed each week: 4 of 8, forecast 2023-10-28, after the due 2023-10-15
 *   → start 3 of 17 (17 %), end 9 of 17 (52 %); closed #1 #7 #9 #20–#23; added #3 #9; removed #4
 *     (label taken off) and #5 (not planned); reopened #8. #10 came and went within the month and
 *     #13 joined in October: neither is listed anywhere.
 * "Scale" (due 2023-09-20, passed) has one open epic, Delta: overdue, and idle.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Seed, SeedEvent, SeedIssue } from "../../src/simulator/seed.js";
import { runMain } from "../helpers/process-io.js";
import { comment, type Harness, startHarness, TOKEN } from "./harness.js";

const NOW = "2023-10-05T12:00:00Z";
const AUG1 = "2023-08-01T00:00:00Z";
const sep = (d: number, hour = 10) =>
  `2023-09-${String(d).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`;
const labelled = (label: string, at: string): SeedEvent => ({ event: "labeled", label, created_at: at });

const LABEL_NAMES = [
  "epic",
  "milestone",
  "E:alpha",
  "E:beta",
  "E:gamma",
  "E:delta",
  "E:old",
  "E:eps",
  "bug",
  "enhancement",
];

function issue(number: number, extra: Partial<SeedIssue> & Pick<SeedIssue, "labels">): SeedIssue {
  const times = [
    extra.created_at ?? AUG1,
    extra.closed_at ?? AUG1,
    ...(extra.comments ?? []).map((c) => c.created_at),
    ...(extra.events ?? []).map((e) => e.created_at),
  ].sort();
  return {
    title: `Task ${number}`,
    state: "open",
    created_at: AUG1,
    updated_at: times.at(-1) as string,
    ...extra,
    number,
  };
}

const epic = (
  number: number,
  title: string,
  label: string,
  milestone: number,
  extra: Partial<SeedIssue> = {},
) => issue(number, { title: `[Epic] ${title}`, labels: ["epic", label], milestone, ...extra });

const weekly = (...lines: string[]) => ["**Weekly Update**", "", ...lines].join("\n");

const SEED: Seed = {
  org: "mon-org",
  tokens: [TOKEN],
  repos: [
    {
      name: "pm",
      labels: LABEL_NAMES.map((name) => ({ name, color: "ededed" })),
      milestones: [
        {
          number: 1,
          title: "Gen 0",
          description: "Tracking issue: https://github.com/mon-org/pm/issues/1",
          due_on: "2023-10-15T00:00:00Z",
          created_at: AUG1,
        },
        {
          number: 2,
          title: "Scale",
          description: "Tracking issue: https://github.com/mon-org/pm/issues/2",
          due_on: "2023-09-20T00:00:00Z",
          created_at: AUG1,
        },
        // Created after September and quiet: not in September's report.
        { number: 3, title: "Later", created_at: "2023-10-02T00:00:00Z" },
        // Closed, and nothing happened to it in September.
        { number: 4, title: "Old", state: "closed", created_at: AUG1 },
      ],
      issues: [
        issue(1, {
          title: "[Milestone] Gen 0",
          labels: ["milestone"],
          comments: [
            comment(
              "alice",
              weekly(
                "- _achieved_: HLMS1 kickoff done",
                "- _next_: more",
                "- _risks_: RISKMS1 vendor may slip",
              ),
              sep(8),
            ),
            // The same achievement said again two weeks later: listed once, from the first time.
            comment(
              "alice",
              weekly("- _achieved_: HLMS1 kickoff done.", "- _next_: more", "- _blocker_: BLKMS1 fleet down"),
              sep(22),
            ),
          ],
        }),
        issue(2, { title: "[Milestone] Scale", labels: ["milestone"] }),
        epic(10, "1.1: Alpha", "E:alpha", 1, {
          comments: [
            comment(
              "bob",
              weekly("- _achieved_:", "  - HLA1 first thing", "  - HLA2 second thing", "- _next_: NEXTA1"),
              sep(15),
            ),
          ],
        }),
        epic(11, "1.2: Beta", "E:beta", 1, {
          state: "closed",
          closed_at: sep(20),
          comments: [comment("bob", weekly("- _achieved_: HLB1 beta finished", "- _next_: none"), sep(19))],
        }),
        epic(12, "1.3: Gamma", "E:gamma", 1),
        epic(13, "2.1: Delta", "E:delta", 2),
        epic(14, "0.9: Old", "E:old", 1, { state: "closed", closed_at: "2023-08-12T00:00:00Z" }),
        epic(15, "1.4: Epsilon", "E:eps", 1),
      ],
    },
    {
      name: "nwaku",
      labels: LABEL_NAMES.map((name) => ({ name, color: "ededed" })),
      issues: [
        // Closed in September, with an update that has a highlight and a risk.
        issue(1, {
          labels: ["E:alpha"],
          state: "closed",
          closed_at: sep(5),
          comments: [
            comment(
              "carol",
              weekly(
                "- _achieved_: HLT1 closed the first task",
                "- _next_: x",
                "- _risks_: RISKT1 review slow",
              ),
              sep(5, 9),
            ),
          ],
        }),
        // Open throughout; an update before and one after the month: neither counts.
        issue(2, {
          labels: ["E:alpha"],
          comments: [
            comment("carol", weekly("- _achieved_: OLD1 august", "- _next_: x"), "2023-08-30T10:00:00Z"),
            comment("carol", weekly("- _achieved_: LATE1 october", "- _next_: x"), "2023-10-02T10:00:00Z"),
          ],
        }),
        // Joined Alpha on 10 September.
        issue(3, { labels: ["E:alpha"], events: [labelled("E:alpha", sep(10))] }),
        // Left Alpha on 12 September.
        issue(4, {
          labels: [],
          events: [labelled("E:alpha", AUG1), { event: "unlabeled", label: "E:alpha", created_at: sep(12) }],
        }),
        // Closed as not planned on 15 September: out of the scope.
        issue(5, {
          labels: ["E:alpha"],
          state: "closed",
          state_reason: "not_planned",
          closed_at: sep(15),
          events: [
            labelled("E:alpha", AUG1),
            { event: "closed", state_reason: "not_planned", created_at: sep(15) },
          ],
        }),
        issue(6, { labels: ["E:beta"], state: "closed", closed_at: "2023-08-20T00:00:00Z" }),
        issue(7, {
          labels: ["E:beta"],
          state: "closed",
          closed_at: sep(18),
          comments: [comment("dan", weekly("- _achieved_: HLB1 beta finished", "- _next_: none"), sep(18))],
        }),
        // Closed in August, reopened on 8 September.
        issue(8, {
          labels: ["E:alpha"],
          events: [
            labelled("E:alpha", AUG1),
            { event: "closed", created_at: "2023-08-25T00:00:00Z" },
            { event: "reopened", created_at: sep(8) },
          ],
        }),
        // Created in the month and closed the next day: added and closed.
        issue(9, {
          labels: ["E:alpha"],
          created_at: sep(3),
          state: "closed",
          closed_at: sep(4),
          events: [labelled("E:alpha", sep(3)), { event: "closed", created_at: sep(4) }],
        }),
        // In and out within the month: in no list.
        issue(10, {
          labels: [],
          created_at: sep(2),
          events: [labelled("E:alpha", sep(2)), { event: "unlabeled", label: "E:alpha", created_at: sep(6) }],
        }),
        issue(11, { labels: ["E:gamma"] }),
        issue(12, { labels: ["E:delta"] }),
        // Joined Alpha in October: not September's business.
        issue(13, { labels: ["E:alpha"], events: [labelled("E:alpha", "2023-10-02T10:00:00Z")] }),
        issue(14, {
          labels: ["bug"],
          comments: [
            comment(
              "erin",
              weekly(
                "- _achieved_: HLBUG fixed crash",
                "- _achieved_: HLX <img src=x onerror=alert(1)> thanks @dave",
              ),
              sep(12),
            ),
          ],
        }),
        issue(15, {
          labels: ["enhancement"],
          comments: [comment("erin", weekly("- _achieved_: HLENH faster sync", "- _next_: y"), sep(13))],
        }),
        issue(16, {
          labels: ["enhancement"],
          comments: [comment("erin", weekly("- _next_: NEXTENH"), sep(14))],
        }),
        issue(17, { labels: ["E:old"], state: "closed", closed_at: "2023-08-10T00:00:00Z" }),
        // Epsilon: eight tasks, one closed each week of September.
        ...[20, 21, 22, 23, 24, 25, 26, 27].map((n, i) =>
          issue(n, {
            labels: ["E:eps"],
            ...(i < 4 ? { state: "closed" as const, closed_at: sep(3 + 7 * i) } : {}),
          }),
        ),
      ],
    },
  ],
};

const CONFIG = `org: mon-org
labels:
${LABEL_NAMES.map((n) => `  - name: "${n}"\n    color: ededed`).join("\n")}
`;

interface Task {
  repo: string;
  number: number;
  title: string;
  url: string;
  epic: number | null;
  reason?: string;
}

const refs = (tasks: Task[]) => tasks.map((t) => `${t.repo}#${t.number}`);
const n = (...numbers: number[]) => numbers.map((x) => `mon-org/nwaku#${x}`);

let h: Harness;
let json: {
  milestones: {
    number: number;
    title: string;
    start: unknown;
    end: unknown;
    closed_tasks: Task[];
    added_tasks: Task[];
    removed_tasks: Task[];
    reopened_tasks: Task[];
    epics_closed: { number: number }[];
    epics: { number: number; overdue: string | null; idle: boolean }[];
    overdue_epics: { number: number; reason: string }[];
    idle_epics: { number: number }[];
    highlights: { text: string; url: string; epic: number | null }[];
    risks: { text: string; url: string; epic: number | null; kind: string }[];
  }[];
  other: { category: string; count: number; notable: { number: number; achieved: string[] }[] }[];
  updates: { url: string }[];
  [key: string]: unknown;
};

beforeAll(async () => {
  h = await startHarness(SEED, CONFIG, NOW);
  const r = await h.run(["--month", "2023-09", "--format", "json"]);
  expect(r.code, r.stderr).toBe(0);
  json = JSON.parse(r.stdout);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const gen0 = () => json.milestones.find((m) => m.title === "Gen 0") as (typeof json.milestones)[number];
const scale = () => json.milestones.find((m) => m.title === "Scale") as (typeof json.milestones)[number];

describe("waku-pm report --month over a seeded September", () => {
  it("covers the month, and only the milestones active in it, soonest due first", () => {
    expect(json).toMatchObject({
      version: 1,
      kind: "monthly",
      month: "2023-09",
      since: "2023-09-01",
      until: "2023-10-01",
    });
    expect(json.milestones.map((m) => m.title)).toEqual(["Scale", "Gen 0"]);
  });

  it("gives the start and end percent of each milestone", () => {
    expect(gen0().start).toEqual({ closed: 3, total: 17, percent: 17 });
    expect(gen0().end).toEqual({ closed: 9, total: 17, percent: 52 });
    expect(scale().start).toEqual({ closed: 0, total: 1, percent: 0 });
    expect(scale().end).toEqual({ closed: 0, total: 1, percent: 0 });
  });

  it("lists exactly the tasks closed, added, removed and reopened, each under its epic", () => {
    const m = gen0();
    expect(refs(m.closed_tasks)).toEqual(n(1, 7, 9, 20, 21, 22, 23));
    expect(m.closed_tasks.find((t) => t.number === 7)?.epic).toBe(11);
    expect(m.closed_tasks.find((t) => t.number === 20)).toMatchObject({
      epic: 15,
      title: "Task 20",
      url: "https://github.com/mon-org/nwaku/issues/20",
    });
    expect(refs(m.added_tasks)).toEqual(n(3, 9));
    expect(m.removed_tasks.map((t) => [`${t.repo}#${t.number}`, t.reason, t.epic])).toEqual([
      ["mon-org/nwaku#4", "left", 10],
      ["mon-org/nwaku#5", "not_planned", 10],
    ]);
    expect(refs(m.reopened_tasks)).toEqual(n(8));
  });

  it("names the epics completed in the month, the overdue ones and the idle ones", () => {
    expect(gen0().epics_closed.map((e) => e.number)).toEqual([11]);
    expect(gen0().epics.map((e) => e.number)).toEqual([10, 12, 15]);
    expect(gen0().overdue_epics).toEqual([
      expect.objectContaining({
        number: 15,
        reason: "forecast to finish on 2023-10-28, after the milestone's due date 2023-10-15",
      }),
    ]);
    expect(gen0().idle_epics.map((e) => e.number)).toEqual([12]);
    expect(scale().overdue_epics).toEqual([
      expect.objectContaining({ number: 13, reason: "the milestone was due on 2023-09-20" }),
    ]);
    expect(scale().idle_epics.map((e) => e.number)).toEqual([13]);
  });

  it("takes each highlight and risk once, under the right milestone and epic, risks newest first", () => {
    const where = (items: { text: string; epic: number | null }[]) => items.map((x) => [x.text, x.epic]);
    expect(where(gen0().highlights)).toEqual([
      ["HLMS1 kickoff done", null],
      ["HLT1 closed the first task", 10],
      ["HLA1 first thing", 10],
      ["HLA2 second thing", 10],
      ["HLB1 beta finished", 11],
    ]);
    expect(gen0().risks.map((x) => [x.text, x.epic, x.kind])).toEqual([
      ["BLKMS1 fleet down", null, "blocker"],
      ["RISKMS1 vendor may slip", null, "risks"],
      ["RISKT1 review slow", 10, "risks"],
    ]);
    expect(gen0().highlights[0]?.url).toMatch(
      /^https:\/\/github\.com\/mon-org\/pm\/issues\/1#issuecomment-\d+$/,
    );
    expect(scale().highlights).toEqual([]);
    const all = JSON.stringify(json);
    for (const absent of ["OLD1", "LATE1", "NEXTA1", "NEXTENH"]) expect(all).not.toContain(absent);
  });

  it("counts other work by category, with the notable items, and lists the updates it drew on", () => {
    expect(json.other.map((o) => [o.category, o.count, o.notable.map((x) => x.number)])).toEqual([
      ["enhancement", 2, [15]],
      ["bug", 1, [14]],
    ]);
    expect(json.other[0]?.notable[0]?.achieved).toEqual(["HLENH faster sync"]);
    // pm#1 twice, pm#10, pm#11, nwaku#1, #7, #14, #15, #16.
    expect(json.updates).toHaveLength(9);
    expect(new Set(json.updates.map((u) => u.url)).size).toBe(9);
  });

  it("has the spec's shape", () => {
    for (const key of ["version", "kind", "since", "until", "milestones", "warnings"])
      expect(json).toHaveProperty(key);
    const m = gen0() as unknown as Record<string, unknown>;
    for (const key of [
      "number",
      "title",
      "url",
      "due_on",
      "start",
      "end",
      "closed_tasks",
      "added_tasks",
      "removed_tasks",
      "epics_closed",
      "highlights",
      "risks",
    ]) {
      expect(m).toHaveProperty(key);
    }
    for (const t of gen0().closed_tasks)
      expect(Object.keys(t)).toEqual(expect.arrayContaining(["repo", "number", "title", "url", "epic"]));
    for (const e of gen0().epics_closed) expect(Object.keys(e)).toEqual(["number", "title", "url"]);
    for (const x of [...gen0().highlights, ...gen0().risks]) {
      expect(typeof x.text).toBe("string");
      expect(x.url).toMatch(/^https:\/\//);
    }
  });

  it("writes markdown that reads like the seed: a place for the author, the table, a section per milestone", async () => {
    const r = await h.run(["--month", "2023-09"]);
    expect(r.code, r.stderr).toBe(0);
    const md = r.stdout;
    expect(md.startsWith("# Mon monthly report: September 2023\n")).toBe(true);
    expect(md).toContain("<!-- executive summary: write it here -->");
    expect(md).toContain("<!-- risk assessment: write it here -->");
    expect(md).toMatch(
      /\| \[Gen 0\]\(https:\/\/github\.com\/mon-org\/pm\/milestone\/1\) \| 17 % \| 52 % \| \+35 \| \S+ \| 7 \| 2 \| 2 \| 1 \| 2023-10-15 \|/,
    );
    expect(md.indexOf("## [Scale]")).toBeLessThan(md.indexOf("## [Gen 0]"));
    expect(md).toContain("**17 % (3/17) → 52 % (9/17)**");
    expect(md.match(/HLMS1 kickoff done/g)).toHaveLength(1);
    expect(md).toContain(
      "- [1.4: Epsilon](https://github.com/mon-org/pm/issues/15): forecast to finish on 2023-10-28",
    );
    expect(md).toContain(
      "- [nwaku] [Task 5](https://github.com/mon-org/nwaku/issues/5) (closed as not planned)",
    );
    expect(md).toContain("## Weekly updates this report drew on (9)");
    // Text from GitHub cannot open HTML or ping anyone from the pasted report.
    expect(md).toContain("HLX &lt;img");
    expect(md).not.toContain("<img");
    expect(md).not.toContain("@dave");
    expect(md).not.toContain("part 1 of");
  });

  it("--kind monthly --since/--until is the same report over any period", async () => {
    const r = await h.run(["--kind", "monthly", "--since", "2023-09-01", "--until", "2023-10-01", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const other = JSON.parse(r.stdout);
    expect(other.month).toBeNull();
    expect({ ...other, month: "2023-09" }).toEqual(json);
  });
});

describe("report --month: bad input is refused before any request", () => {
  const run = (args: string[]) =>
    runMain(["report", ...args], {
      cwd: h.dir,
      env: {
        GITHUB_TOKEN: TOKEN,
        GITHUB_API_URL: h.sim.url,
        GITHUB_GRAPHQL_URL: h.sim.graphqlUrl,
        WAKU_PM_NOW: NOW,
      },
    });

  it.each([
    [["--month", "2023-13"], '--month: "2023-13" is not a month'],
    [["--month", "23-09"], '--month: "23-09" is not a month'],
    [["--month", "2023-11"], "--month 2023-11 is in the future (it is 2023-10-05 now)"],
    [["--month", "2023-09", "--since", "2023-09-01"], "--month and --since contradict each other"],
    [["--month", "2023-09", "--until", "2023-10-01"], "--month and --until contradict each other"],
    [["--month", "2023-09", "--kind", "weekly"], "--month and --kind weekly contradict each other"],
  ])("%j", async (args, message) => {
    const before = h.sim.log.length;
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    if (message.includes("not a month") || message.includes("future")) {
      expect(r.stderr).toContain("YYYY-MM (a four-digit year, a month from 01 to 12)");
    }
    expect(h.sim.log.length).toBe(before);
  });

  it("the month in progress is the report so far", async () => {
    const r = await h.run(["--month", "2023-10", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ month: "2023-10", since: "2023-10-01", until: NOW, complete: false });
    // nwaku#13 joined Alpha on 2 October.
    const gen = doc.milestones.find((m: { title: string }) => m.title === "Gen 0");
    expect(refs(gen.added_tasks)).toEqual(n(13));
  });
});
