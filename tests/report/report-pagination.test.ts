/**
 * The old report script read only the first page of everything. These tests give the report an
 * issue with more than 100 comments and a repository with more than 100 updated issues (and a long
 * history of older ones), and check that nothing is lost and that the request count stays small.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SeedComment, SeedIssue } from "../../src/simulator/seed.js";
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
const SINCE = Date.parse("2024-03-04T00:00:00Z");
const WINDOW = ["--since", "2024-03-04", "--until", "2024-03-11"];
const at = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

const UPDATED_ISSUES = 130;
const OLD_ISSUES = 300;
const expected: string[] = [];
const forbidden: string[] = [];

function manyIssues(): SeedIssue[] {
  const issues: SeedIssue[] = [];
  for (let i = 1; i <= UPDATED_ISSUES; i++) {
    expected.push(`MANY${i}`);
    issues.push(
      issue(
        i,
        `task ${i}`,
        ["E:alpha"],
        [comment(`dev${i % 5}`, update(`MANY${i}`), at(SINCE + i * 60_000))],
      ),
    );
  }
  // History: issues whose last activity predates the window. They must cost nothing.
  for (let i = 1; i <= OLD_ISSUES; i++) {
    forbidden.push(`OLDI${i}`);
    issues.push(
      issue(
        1000 + i,
        `old ${i}`,
        ["E:alpha"],
        [comment("dev1", update(`OLDI${i}`), at(SINCE - i * 3_600_000))],
      ),
    );
  }
  // 120 comments before the window, 130 inside (every other one an update), 3 after it.
  const comments: SeedComment[] = [];
  for (let i = 0; i < 120; i++) {
    forbidden.push(`OLDC${i}`);
    comments.push(comment("dev2", update(`OLDC${i}`), at(SINCE - (120 - i) * 60_000)));
  }
  for (let i = 0; i < 130; i++) {
    const when = at(SINCE + 1000 + i * 60_000);
    if (i % 2 === 0) {
      expected.push(`CHAT${i}`);
      comments.push(comment(`dev${i % 3}`, update(`CHAT${i}`), when));
    } else {
      comments.push(comment("dev3", "Thanks, looking at it.", when));
    }
  }
  for (let i = 0; i < 3; i++) {
    forbidden.push(`LATE${i}`);
    comments.push(comment("dev2", update(`LATE${i}`), at(Date.parse("2024-03-11T00:00:00Z") + i * 60_000)));
  }
  issues.push(issue(500, "chatty issue", ["E:alpha"], comments));
  return issues;
}

describe("waku-pm report pagination", () => {
  let h: Harness;
  let result: { code: number; stdout: string; stderr: string };
  let graphql: number;

  beforeAll(async () => {
    h = await startHarness(
      {
        org: "big-org",
        tokens: [TOKEN],
        repos: [
          {
            name: "pm",
            labels: LABELS,
            milestones: [
              {
                number: 1,
                title: "Big",
                description: "https://github.com/big-org/pm/issues/1",
                due_on: null,
              },
            ],
            issues: [
              issue(
                1,
                "[Milestone] Big",
                ["milestone"],
                [comment("lead", update("MSBIG"), at(SINCE + 5000))],
              ),
              issue(2, "[Epic] Alpha", ["epic", "E:alpha"], [], { milestone: 1 }),
            ],
          },
          { name: "many", labels: LABELS, issues: manyIssues() },
        ],
      },
      "org: big-org\nteam: [dev0, dev4, nobody]\nlabels:\n  - name: bug\n    color: d73a4a\n",
      NOW,
    );
    result = await h.run([...WINDOW, "--json"]);
    graphql = h.sim.log.filter((e) => e.kind === "graphql").length;
  });
  afterAll(() => h?.close());

  it("loses no update past the first page of issues or of comments", () => {
    expect(result.code, result.stderr).toBe(0);
    expect(h.sim.violations).toEqual([]);
    const found = locateMarkers(JSON.parse(result.stdout), [...expected, ...forbidden]);
    const wrong = [...found].filter(([marker, where]) => {
      if (forbidden.includes(marker)) return where.length !== 0;
      const n = Number(marker.replace(/\D/g, ""));
      const task = marker.startsWith("CHAT") ? "many#500" : `many#${n}`;
      return where.length !== 1 || where[0] !== `milestone:Big/epic:2/task:${task}`;
    });
    expect(wrong).toEqual([]);
    expect(expected).toHaveLength(UPDATED_ISSUES + 65);
  });

  it("keeps the 65 updates of the chatty issue in order, oldest first", () => {
    const doc = JSON.parse(result.stdout);
    const chatty = doc.milestones[0].epics[0].tasks.find((t: { number: number }) => t.number === 500);
    const markers = chatty.updates.map((u: { lines: string[] }) => /CHAT\d+/.exec(u.lines[0] ?? "")?.[0]);
    expect(markers).toEqual(expected.filter((m) => m.startsWith("CHAT")));
    expect(count(JSON.stringify(doc.team), /"posted":true/)).toBe(2);
  });

  it("pays for the pages it needs, not for the repository's history", () => {
    // Measured: 7 documents: the planning overview, the window's updated issues and pull requests
    // found by search (a count, then pages of them with their newest comments), and backward pages
    // of the chatty issue's older comments until one predates the window. The 300 old issues and
    // their comments are never read.
    expect(graphql).toBe(7);
    expect(h.sim.log.filter((e) => e.kind === "rest")).toEqual([]);
  });
});
