/**
 * Every REST list and read endpoint over the whole demo organisation (18+ repositories, hundreds of
 * issues and pull requests, comments, closed milestones, drifted labels): every answer must match
 * GitHub's description, and paging through must return exactly what the state holds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_TOKEN, demoSeed } from "../../src/simulator/demo-seed.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { call } from "./helpers.js";

let sim: Simulator;
const auth = { token: DEMO_TOKEN };

beforeAll(async () => {
  sim = await startSimulator({ seed: demoSeed({ now: new Date("2023-11-27T09:00:00Z") }) });
});

afterAll(async () => {
  await sim.close();
});

async function pages(path: string): Promise<unknown[]> {
  const items: unknown[] = [];
  let url: string | undefined = `${sim.url}${path}`;
  while (url) {
    const reply = await call("", "GET", url, auth);
    expect(reply.status, url).toBe(200);
    items.push(...reply.body);
    url = /<([^>]+)>;\s*rel="next"/.exec(reply.headers.get("link") ?? "")?.[1];
  }
  return items;
}

describe("the REST API over the demo organisation", () => {
  it("lists every repository, and each one's labels, issues, comments and milestones in full", async () => {
    const org = sim.state.org;
    const repos = (await pages(`/orgs/${org}/repos?per_page=100`)) as { name: string }[];
    expect(repos.map((r) => r.name).sort()).toEqual(sim.state.repos.map((r) => r.name).sort());
    for (const repo of sim.state.repos) {
      const base = `/repos/${org}/${encodeURIComponent(repo.name)}`;
      const labels = (await pages(`${base}/labels?per_page=100`)) as { name: string }[];
      expect(labels.map((l) => l.name)).toEqual(repo.labels.map((l) => l.name));
      const issues = (await pages(`${base}/issues?state=all&per_page=100`)) as { number: number }[];
      expect(issues.length, repo.name).toBe(repo.issues.length);
      const comments = await pages(`${base}/issues/comments?per_page=100`);
      expect(comments.length, repo.name).toBe(repo.issues.reduce((n, i) => n + i.comments.length, 0));
      const milestones = (await pages(`${base}/milestones?state=all`)) as {
        open_issues: number;
        closed_issues: number;
      }[];
      expect(milestones.length).toBe(repo.milestones.length);
    }
    expect(sim.violations).toEqual([]);
  });

  it("reads single repositories, issues, their comments and milestones without a violation", async () => {
    const org = sim.state.org;
    const pm = sim.state.repos.find((r) => r.name === "pm")!;
    expect((await call(sim.url, "GET", `/repos/${org}/pm`, auth)).status).toBe(200);
    for (const m of pm.milestones) {
      const reply = await call(sim.url, "GET", `/repos/${org}/pm/milestones/${m.number}`, auth);
      expect(reply.body.open_issues + reply.body.closed_issues).toBe(
        pm.issues.filter((i) => i.milestone === m.number).length,
      );
    }
    for (const issue of pm.issues.slice(0, 20)) {
      expect((await call(sim.url, "GET", `/repos/${org}/pm/issues/${issue.number}`, auth)).status).toBe(200);
      const comments = (await pages(`/repos/${org}/pm/issues/${issue.number}/comments`)) as { id: number }[];
      expect(comments.map((c) => c.id)).toEqual(issue.comments.map((c) => c.id).sort((a, b) => a - b));
    }
    const search = await call(
      sim.url,
      "GET",
      `/search/issues?q=${encodeURIComponent(`org:${org} is:issue label:epic`)}`,
      auth,
    );
    expect(search.status).toBe(200);
    expect(search.body.total_count).toBeGreaterThan(0);
    expect(sim.violations).toEqual([]);
  });
});
