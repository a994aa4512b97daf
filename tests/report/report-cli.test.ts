/**
 * `waku-pm report` end to end: the built CLI as a subprocess against the GitHub simulator, with a
 * seed built here so the truth (which update goes where) is known. What stops before any request
 * (bad flags, no organisation, --help) runs in-process through `main` instead.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Seed } from "../../src/simulator/seed.js";
import { runMain } from "../helpers/process-io.js";
import {
  comment,
  count,
  type Harness,
  issue,
  LABELS,
  locateMarkers,
  startHarness,
  TOKEN,
  update,
} from "./harness.js";

const NOW = "2024-03-11T09:00:00Z";
const IN = (day: number, hour = 12) =>
  `2024-03-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`;
// The window of every run below: [2024-03-04, 2024-03-11).
const WINDOW = ["--since", "2024-03-04", "--until", "2024-03-11"];

/** marker → where it must appear (undefined: must not appear at all). */
const TRUTH: Record<string, string | undefined> = {
  UPDMS1: "milestone:Launch",
  UPDEPIC: "milestone:Launch/epic:10",
  UPDA1: "milestone:Launch/epic:10/task:api#1",
  UPDW1: "milestone:Launch/epic:10/task:web#1",
  UPDB1: "milestone:Launch/epic:11/task:api#2",
  UPDB2: "milestone:Launch/epic:11/task:api#2",
  UPDORPH: "orphan/epic:12/task:api#9",
  UPDENH: "other:enhancement/task:api#4",
  UPDBUG: "other:bug/task:api#5",
  UPDNONE: "other:other/task:api#6",
  UPDCHORE: "other:chore/task:api#7",
  UPDDOC: "other:documentation/task:web#2",
  UPDCLOSED: "milestone:Done/epic:13/task:web#3",
  // Must not appear: before --since, at --until (exclusive), on a pull request, quoted mid-comment.
  OLDA1: undefined,
  LATEA1: undefined,
  PRUPD: undefined,
  OLDMS2: undefined,
  QUOTED: undefined,
};

function seed(): Seed {
  return {
    org: "acme-org",
    tokens: [TOKEN],
    repos: [
      {
        name: "pm",
        labels: LABELS,
        milestones: [
          {
            number: 1,
            title: "Launch",
            description: "Tracking issue: https://github.com/acme-org/pm/issues/1",
            due_on: "2024-06-01T07:00:00Z",
          },
          { number: 2, title: "Scale", description: null, due_on: "2024-09-01T07:00:00Z" },
          { number: 3, title: "Done", state: "closed", due_on: "2024-02-01T07:00:00Z" },
          { number: 4, title: "Quiet and closed", state: "closed" },
        ],
        issues: [
          issue(
            1,
            "[Milestone] Launch",
            ["milestone"],
            [comment("alice", update("UPDMS1", "**Weekly Update**", ["- _risks_: vendor may slip"]), IN(8))],
          ),
          // Tracking issue found by its title; its only update predates the window → a warning.
          issue(
            2,
            "[Milestone] Scale",
            ["milestone"],
            [comment("alice", update("OLDMS2"), "2024-02-20T10:00:00Z")],
            {
              milestone: 2,
            },
          ),
          issue(10, "[Epic] 1.1: Alpha", ["epic", "E:alpha"], [comment("alice", update("UPDEPIC"), IN(5))], {
            milestone: 1,
          }),
          issue(11, "[Epic] 1.2: Beta", ["epic", "E:beta"], [], { milestone: 1 }),
          issue(12, "[Epic] Orphan work", ["epic", "E:orphan"]),
          issue(13, "[Epic] Wrap-up", ["epic", "E:wrap"], [], { milestone: 3, state: "closed" }),
        ],
      },
      {
        name: "api",
        labels: LABELS,
        issues: [
          issue(
            1,
            "Alpha task",
            ["E:alpha"],
            [
              comment("bob", update("OLDA1"), "2024-03-03T23:59:59Z"),
              comment("bob", update("UPDA1", "weekly update:"), IN(4, 0)),
              comment("carol", "LGTM, thanks! Weekly update coming soon.", IN(6)),
              comment("carol", `Quoting bob:\n${update("QUOTED")}`, IN(6)),
              comment("bob", update("LATEA1"), "2024-03-11T00:00:00Z"),
            ],
          ),
          issue(
            2,
            "Beta task with [brackets] & <html>",
            ["E:beta"],
            [
              comment(
                "carol",
                update("UPDB1", "__weekly update__", ["# not a heading", "```", "<details>", "---"]),
                IN(5),
              ),
              comment("bob", update("UPDB2", "**Weekly update**:"), IN(9)),
            ],
          ),
          issue(3, "feat: alpha PR", ["E:alpha"], [comment("erin", update("PRUPD"), IN(6))], {
            pull_request: true,
          }),
          issue(4, "enhancement work", ["enhancement", "bug"], [comment("bob", update("UPDENH"), IN(6))]),
          issue(5, "a bug", ["bug"], [comment("bob", update("UPDBUG"), IN(6))]),
          issue(
            6,
            "unlabelled work",
            [],
            [comment("dave", "**Weekly Update**\n- _achieved_: UPDNONE done\n- UPDNONE more", IN(6))],
          ),
          issue(7, "bump deps", ["dependencies"], [comment("bob", update("UPDCHORE"), IN(6))]),
          issue(8, "no updates here", ["bug"], [comment("bob", "just a comment", IN(6))]),
          issue(9, "orphan task", ["E:orphan"], [comment("alice", update("UPDORPH"), IN(7))]),
        ],
      },
      {
        name: "web",
        labels: LABELS,
        issues: [
          issue(
            1,
            "Alpha on the web",
            ["E:alpha"],
            [comment("dave", update("UPDW1", "**WEEKLY UPDATE:**"), IN(7))],
          ),
          issue(2, "docs", ["documentation"], [comment("bob", update("UPDDOC"), IN(7))]),
          issue(3, "final task", ["E:wrap"], [comment("bob", update("UPDCLOSED"), IN(7))], {
            state: "closed",
          }),
        ],
      },
    ],
  };
}

const CONFIG = `org: acme-org
pm_repo: pm
epic_prefix: "E:"
team: [alice, bob, carol, erin]
labels:
  - name: bug
    color: d73a4a
`;

/** `waku-pm report ARGS` in-process, in the harness's directory and environment. */
function reportInProcess(h: Harness, args: string[]) {
  return runMain(["report", ...args], {
    cwd: h.dir,
    env: {
      GITHUB_TOKEN: TOKEN,
      GITHUB_API_URL: h.sim.url,
      GITHUB_GRAPHQL_URL: h.sim.graphqlUrl,
      WAKU_PM_NOW: NOW,
    },
  });
}

describe("waku-pm report against a hand-built organisation", () => {
  let h: Harness;
  let json: { code: number; stdout: string; stderr: string };
  let markdown: { code: number; stdout: string; stderr: string };
  let graphqlPerRun: number;
  let pointsPerRun: number;
  let restPerRun: number;

  beforeAll(async () => {
    h = await startHarness(seed(), CONFIG, NOW);
    markdown = await h.run(WINDOW);
    graphqlPerRun = h.sim.log.filter((e) => e.kind === "graphql").length;
    pointsPerRun = h.sim.log.reduce((sum, e) => sum + e.cost, 0);
    restPerRun = h.sim.log.filter((e) => e.kind === "rest").length;
    expect(h.sim.log.filter((e) => e.kind === "rest")).toEqual([]);
    json = await h.run([...WINDOW, "--format", "json"]);
  });
  afterAll(() => h?.close());

  it("succeeds with both formats", () => {
    expect(markdown.code, markdown.stderr).toBe(0);
    expect(json.code, json.stderr).toBe(0);
    expect(h.sim.violations).toEqual([]);
  });

  it("places every in-window update exactly once, under the right milestone and epic", () => {
    const found = locateMarkers(JSON.parse(json.stdout), Object.keys(TRUTH));
    for (const [marker, where] of Object.entries(TRUTH)) {
      expect({ marker, at: found.get(marker) }).toEqual({ marker, at: where ? [where] : [] });
    }
    for (const [marker, where] of Object.entries(TRUTH)) {
      // achieved + next line of each update: exactly two mentions in the markdown, or none.
      expect({ marker, n: count(markdown.stdout, new RegExp(`${marker}\\b`)) }).toEqual({
        marker,
        n: where ? 2 : 0,
      });
    }
  });

  it("prints the markdown in the team's shape", () => {
    const md = markdown.stdout;
    expect(md.startsWith("# 2024-03-11 Acme weekly\n\n## [Launch](")).toBe(true);
    expect(md).toContain("/acme-org/pm/issues/1) - 2024-06-01\n- _achieved_: UPDMS1 done\n");
    expect(md).toContain("- _risks_: vendor may slip");
    expect(md).toMatch(/### \[1\.1: Alpha\]\([^)]*\/acme-org\/pm\/issues\/10\)\n- _achieved_: UPDEPIC done/);
    expect(md).toMatch(
      /\*\*\[api\] \[Alpha task\]\([^)]*\/acme-org\/api\/issues\/1\)\*\*\n- _achieved_: UPDA1 done/,
    );
    const order = [
      "## [Launch]",
      "### [1.1: Alpha]",
      "### [1.2: Beta]",
      "## [Scale]",
      "## [Done]",
      "## Epics without a milestone",
      "## Other Work",
      "### Enhancements",
      "### Bugs",
      "### Documentation",
      "### Chores",
      "### Other",
      "## Team",
    ];
    const positions = order.map((heading) => md.indexOf(heading));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(md).not.toContain("Quiet and closed");
    expect(md).toMatch(
      /## \[Scale\]\([^)]*\) - 2024-09-01\n_No weekly update on the tracking issue in this window\._\n/,
    );
  });

  it("keeps update lines as written but escapes markdown that would break the report", () => {
    const md = markdown.stdout;
    expect(md).toContain("\n\\# not a heading\n\\```\n&lt;details>\n\\---\n");
    expect(md).toContain("**[api] [Beta task with \\[brackets\\] &amp; &lt;html&gt;](");
    expect(md).not.toMatch(/^# not a heading/m);
    const lines = JSON.stringify(JSON.parse(json.stdout));
    expect(lines).toContain('"# not a heading","```","<details>","---"');
  });

  it("shows several updates on one issue oldest first, each with its author", () => {
    expect(markdown.stdout).toContain("_@carol, 2024-03-05:_\n- _achieved_: UPDB1 done");
    expect(markdown.stdout.indexOf("UPDB1")).toBeLessThan(markdown.stdout.indexOf("UPDB2"));
  });

  it("ticks exactly the team members who posted an issue update in the window; an update on a pull request is said, not counted", () => {
    expect(markdown.stdout).toContain(
      "## Team\n- [x] @alice\n- [x] @bob\n- [x] @carol\n- [ ] @erin (posted on a pull request only, not counted: acme-org/api\\#3)\n",
    );
    expect(JSON.parse(json.stdout).team).toEqual([
      { login: "alice", posted: true },
      { login: "bob", posted: true },
      { login: "carol", posted: true },
      { login: "erin", posted: false, on_pull_requests_only: ["acme-org/api#3"] },
    ]);
    expect(markdown.stderr).toMatch(
      /weekly update on a pull request, not counted: acme-org\/api#3 by @erin .*post it on the task issue/,
    );
  });

  it("warns about a silent milestone and an incomplete update, on stderr and in JSON", () => {
    const warnings: string[] = JSON.parse(json.stdout).warnings;
    expect(warnings).toEqual(
      expect.arrayContaining([expect.stringContaining('open milestone "Scale" has no weekly update')]),
    );
    expect(warnings.some((w) => w.includes("Launch"))).toBe(false);
    expect(markdown.stderr).toContain('warning: open milestone "Scale" has no weekly update');

    expect(warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/@dave on acme-org\/api#6 has no _next_ line/)]),
    );
    expect(warnings.filter((w) => w.includes("has no _"))).toHaveLength(1);
  });

  it("treats --json like --format json", async () => {
    const r = await h.run([...WINDOW, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(json.stdout));
    expect(JSON.parse(r.stdout)).toMatchObject({
      version: 1,
      org: "acme-org",
      since: "2024-03-04T00:00:00Z",
      until: "2024-03-11T00:00:00Z",
    });
  });

  it("reads the whole window in a few GraphQL documents and no REST request", () => {
    // The planning overview, the updated issues and pull requests (search), the tracking issues.
    expect(graphqlPerRun).toBeLessThanOrEqual(4);
    expect(restPerRun).toBe(0);
    expect(pointsPerRun).toBeLessThanOrEqual(10);
  });

  it("lets --team replace the config's team", async () => {
    const r = await h.run([...WINDOW, "--team", "dave,@zoe", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).team).toEqual([
      { login: "dave", posted: true },
      { login: "zoe", posted: false },
    ]);
  });

  it("counts --since Nd back from --until, so a one-day window drops older updates", async () => {
    const r = await h.run(["--since", "1d", "--until", "2024-03-09T00:00:00Z", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const found = locateMarkers(JSON.parse(r.stdout), Object.keys(TRUTH));
    const present = [...found].filter(([, at]) => at.length > 0).map(([m]) => m);
    expect(present.sort()).toEqual(["UPDMS1"]);
  });

  it.each([
    [["--since", "yesterday"], "--since"],
    [["--until", "2024-13-01"], "--until"],
    [["--format", "html"], "--format"],
  ])("rejects %j with exit 2 naming the flag, before any request", async (args, flag) => {
    h.sim.clearLog();
    const r = await reportInProcess(h, args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(flag);
    expect(r.stdout).toBe("");
    expect(h.sim.log).toEqual([]);
  });

  it("takes the organisation from --org when the config is a bare label list", async () => {
    writeFileSync(join(h.dir, "list.yaml"), "- name: bug\n  color: d73a4a\n");
    const missing = await reportInProcess(h, [...WINDOW, "--config", "list.yaml"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--org");
    const given = await h.run([...WINDOW, "--config", "list.yaml", "--org", "acme-org", "--json"]);
    expect(given.code, given.stderr).toBe(0);
    expect(JSON.parse(given.stdout).milestones[0].title).toBe("Launch");
  });

  it("documents the window, the grouping and the JSON shape in --help, with examples", async () => {
    const r = await reportInProcess(h, ["--help"]);
    expect(r.code).toBe(0);
    for (const text of [
      "--since <date|Nd>",
      "[--since, --until)",
      '"orphan_epics"',
      '"posted"',
      "Examples:",
    ]) {
      expect(r.stdout).toContain(text);
    }
  });

  it("never prints the token, even with --verbose", async () => {
    const r = await h.run([...WINDOW, "--verbose"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("/graphql");
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });
});
