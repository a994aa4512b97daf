/**
 * The report of the demo organisation (waku-org as in late 2023) for the week before Monday
 * 2023-11-27, as a snapshot: the clock and the window are pinned, so it is byte-for-byte stable.
 * Besides the snapshot, the truth is recomputed from the seed: every weekly update posted on an
 * issue in the window appears exactly once, and nothing else does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_TEAM, DEMO_TOKEN, demoSeed } from "../../src/simulator/demo-seed.js";
import type { Seed } from "../../src/simulator/seed.js";
import { type Harness, startHarness } from "./harness.js";

const NOW = "2023-11-27T09:00:00Z";
const SINCE = Date.parse("2023-11-20T00:00:00Z");
const UNTIL = Date.parse("2023-11-27T00:00:00Z");
const WINDOW = ["--since", "2023-11-20", "--until", "2023-11-27"];
const CONFIG = `org: waku-org\nteam: [${DEMO_TEAM.join(", ")}]\nlabels:\n  - name: bug\n    color: d73a4a\n`;

/** Written independently of the parser under test: the three heading variants the team used. */
const LOOKS_LIKE_UPDATE = /^\s*(\*\*|__)?weekly update(\*\*|__)?:?(\*\*|__)?\s*$/i;

interface Truth {
  updates: string[];
  onPullRequests: number;
  authors: Set<string>;
}

function truthOf(seed: Seed): Truth {
  const truth: Truth = { updates: [], onPullRequests: 0, authors: new Set() };
  for (const repo of seed.repos) {
    for (const issue of repo.issues ?? []) {
      for (const c of issue.comments ?? []) {
        const created = Date.parse(c.created_at);
        if (created < SINCE || created >= UNTIL) continue;
        if (!LOOKS_LIKE_UPDATE.test(c.body.split("\n")[0] ?? "")) continue;
        if (issue.pull_request) {
          truth.onPullRequests++;
          continue;
        }
        truth.updates.push(`${repo.name}#${issue.number}@${Date.parse(c.created_at)}`);
        truth.authors.add(c.user);
      }
    }
  }
  truth.updates.sort();
  return truth;
}

describe("waku-pm report on the demo organisation", () => {
  let h: Harness;
  let truth: Truth;
  let markdown: { code: number; stdout: string; stderr: string };
  let json: { code: number; stdout: string; stderr: string };
  let graphqlPerRun: number;
  let pointsPerRun: number;
  let restPerRun: number;

  beforeAll(async () => {
    const seed = demoSeed({ now: new Date(NOW) });
    expect(seed.tokens).toContain(DEMO_TOKEN);
    truth = truthOf(seed);
    h = await startHarness(seed, CONFIG, NOW);
    markdown = await h.run(WINDOW);
    graphqlPerRun = h.sim.log.filter((e) => e.kind === "graphql").length;
    pointsPerRun = h.sim.log.reduce((sum, e) => sum + e.cost, 0);
    restPerRun = h.sim.log.filter((e) => e.kind === "rest").length;
    json = await h.run([...WINDOW, "--json"]);
  });
  afterAll(() => h?.close());

  it("matches the snapshot", async () => {
    expect(markdown.code, markdown.stderr).toBe(0);
    // Not `.md`: Biome formats markdown files and would rewrite the snapshot's exact bytes.
    await expect(markdown.stdout).toMatchFileSnapshot("../fixtures/report/demo-weekly-2023-11-27.md.snap");
  });

  it("shows every issue update of the week, once under each epic its task belongs to, and none from pull requests", () => {
    expect(json.code, json.stderr).toBe(0);
    expect(truth.updates.length).toBeGreaterThan(10);
    const doc = JSON.parse(json.stdout);
    const seen: string[] = [];
    type U = { created_at: string };
    type T = { repo: string; number: number; updates: U[] };
    type E = { number: number; updates: U[]; tasks: T[] };
    const add = (repo: string, number: number, updates: U[]) => {
      for (const u of updates)
        seen.push(`${repo.replace("waku-org/", "")}#${number}@${Date.parse(u.created_at)}`);
    };
    const perEpic: string[] = [];
    const epic = (e: E) => {
      add("pm", e.number, e.updates);
      for (const t of e.tasks) {
        add(t.repo, t.number, t.updates);
        perEpic.push(`${e.number}/${t.repo}#${t.number}`);
      }
    };
    for (const m of doc.milestones) {
      if (m.tracking_issue) add("pm", m.tracking_issue.number, m.updates);
      m.epics.forEach(epic);
    }
    doc.orphan_epics.forEach(epic);
    for (const s of doc.other) for (const t of s.tasks) add(t.repo, t.number, t.updates);
    // The model's one rule: a task of two epics is listed under each (the demo has one), never twice in one.
    expect(new Set(perEpic).size).toBe(perEpic.length);
    expect(seen.length).toBeGreaterThan(new Set(seen).size);
    expect([...new Set(seen)].sort()).toEqual(truth.updates);
  });

  it("ticks exactly the members who posted on an issue", () => {
    const team: { login: string; posted: boolean }[] = JSON.parse(json.stdout).team;
    expect(team.map((m) => m.login)).toEqual([...DEMO_TEAM]);
    for (const m of team)
      expect({ login: m.login, posted: m.posted }).toEqual({
        login: m.login,
        posted: truth.authors.has(m.login),
      });
  });

  it("costs a few GraphQL points for the whole organisation (the cost follows the updated issues)", () => {
    // The planning overview and the window's updated issues, found by search: no REST.
    expect(graphqlPerRun).toBeLessThanOrEqual(4);
    expect(restPerRun).toBe(0);
    expect(pointsPerRun).toBeLessThanOrEqual(10);
    expect(h.sim.violations).toEqual([]);
  });
});
