import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { call, fetchAll, issue, label, ORG, parseLink, repo, seed } from "./helpers.js";

let sim: Simulator;

const numbers = (body: { number: number }[]): number[] => body.map((i) => i.number).sort((a, b) => a - b);

beforeAll(async () => {
  const bulk = Array.from({ length: 230 }, (_, i) =>
    issue(i + 1, {
      labels: i % 2 === 0 ? ["even"] : [],
      created_at: `2023-01-01T00:${String(i % 60).padStart(2, "0")}:00Z`,
    }),
  );
  sim = await startSimulator({
    seed: seed([
      repo("pm", {
        labels: [label("epic"), label("E:1.1"), label("bug"), label("milestone")],
        milestones: [
          { number: 1, title: "Waku Network Gen 0", due_on: "2023-12-01T00:00:00Z" },
          { number: 2, title: "Support Many Platforms", state: "closed" },
          { number: 3, title: "Later" },
        ],
        issues: [
          issue(1, {
            title: "[Epic] 1.1",
            labels: ["epic", "E:1.1"],
            milestone: 1,
            assignees: ["alice"],
            updated_at: "2023-11-20T10:00:00Z",
            comments: [
              {
                user: "alice",
                body: "**Weekly Update**\n- _achieved_: a",
                created_at: "2023-11-17T12:00:00Z",
              },
              { user: "bob", body: "old", created_at: "2023-10-01T12:00:00Z" },
            ],
          }),
          issue(2, {
            title: "task",
            labels: ["E:1.1"],
            milestone: 1,
            state: "closed",
            updated_at: "2023-11-01T00:00:00Z",
          }),
          issue(3, {
            title: "a PR",
            labels: ["E:1.1", "bug"],
            pull_request: true,
            updated_at: "2023-11-21T00:00:00Z",
            comments: [{ user: "carol", body: "lgtm", created_at: "2023-11-21T00:00:00Z" }],
          }),
          issue(4, { title: "loose", labels: ["bug"], updated_at: "2023-09-01T00:00:00Z" }),
        ],
      }),
      repo("bulk", { labels: [label("even")], issues: bulk }),
      repo("fork-of-x", { fork: true }),
      repo("secret", { private: true }),
    ]),
  });
});

afterAll(async () => {
  await sim.close();
});

afterEach(() => {
  expect(sim.violations).toEqual([]);
});

describe("GET /repos/{o}/{r}/issues", () => {
  it("lists open issues by default and includes pull requests, marked with a pull_request key", async () => {
    const reply = await call(sim.url, "GET", `/repos/${ORG}/pm/issues`);
    expect(reply.status).toBe(200);
    expect(numbers(reply.body)).toEqual([1, 3, 4]);
    const pr = reply.body.find((i: { number: number }) => i.number === 3);
    expect(pr.pull_request).toMatchObject({ html_url: "https://github.com/acme/pm/pull/3" });
    const plain = reply.body.find((i: { number: number }) => i.number === 1);
    expect(plain).not.toHaveProperty("pull_request");
  });

  it("filters by state", async () => {
    expect(numbers((await call(sim.url, "GET", `/repos/${ORG}/pm/issues?state=closed`)).body)).toEqual([2]);
    expect(numbers((await call(sim.url, "GET", `/repos/${ORG}/pm/issues?state=all`)).body)).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it("labels=a,b means a AND b, ignoring case", async () => {
    const both = await call(sim.url, "GET", `/repos/${ORG}/pm/issues?state=all&labels=E:1.1,BUG`);
    expect(numbers(both.body)).toEqual([3]);
    const one = await call(sim.url, "GET", `/repos/${ORG}/pm/issues?state=all&labels=E:1.1`);
    expect(numbers(one.body)).toEqual([1, 2, 3]);
    const unknown = await call(sim.url, "GET", `/repos/${ORG}/pm/issues?state=all&labels=E:1.1,nope`);
    expect(unknown.body).toEqual([]);
  });

  it("filters by milestone number, * and none", async () => {
    const q = (m: string) => call(sim.url, "GET", `/repos/${ORG}/pm/issues?state=all&milestone=${m}`);
    expect(numbers((await q("1")).body)).toEqual([1, 2]);
    expect(numbers((await q("*")).body)).toEqual([1, 2]);
    expect(numbers((await q("none")).body)).toEqual([3, 4]);
    expect((await q("3")).body).toEqual([]);
  });

  it("filters by since (updated at or after) and assignee", async () => {
    const since = await call(sim.url, "GET", `/repos/${ORG}/pm/issues?state=all&since=2023-11-15T00:00:00Z`);
    expect(numbers(since.body)).toEqual([1, 3]);
    const mine = await call(sim.url, "GET", `/repos/${ORG}/pm/issues?state=all&assignee=alice`);
    expect(numbers(mine.body)).toEqual([1]);
    const nobody = await call(sim.url, "GET", `/repos/${ORG}/pm/issues?state=all&assignee=none`);
    expect(numbers(nobody.body)).toEqual([2, 3, 4]);
  });

  it("sorts by updated ascending when asked", async () => {
    const reply = await call(sim.url, "GET", `/repos/${ORG}/pm/issues?state=all&sort=updated&direction=asc`);
    expect(reply.body.map((i: { number: number }) => i.number)).toEqual([4, 2, 1, 3]);
  });

  it("embeds the milestone with counts derived from its issues", async () => {
    const reply = await call(sim.url, "GET", `/repos/${ORG}/pm/issues/1`);
    expect(reply.body.milestone).toMatchObject({
      number: 1,
      title: "Waku Network Gen 0",
      open_issues: 1,
      closed_issues: 1,
    });
    expect(reply.body.comments).toBe(2);
    expect(reply.body.assignee.login).toBe("alice");
  });

  it("pages 230 issues with Link headers and loses none", async () => {
    const first = await call(sim.url, "GET", `/repos/${ORG}/bulk/issues?per_page=100`);
    expect(first.body).toHaveLength(100);
    expect(new URL(parseLink(first.headers.get("link")).last!).searchParams.get("page")).toBe("3");
    const { items, pages } = await fetchAll(sim.url, `/repos/${ORG}/bulk/issues?per_page=100`);
    expect(pages).toBe(3);
    expect(new Set(items.map((i: { number: number }) => i.number)).size).toBe(230);
    const even = await fetchAll(sim.url, `/repos/${ORG}/bulk/issues?labels=even`);
    expect(even.items).toHaveLength(115);
    expect(even.pages).toBe(4);
  });

  it("404s for an unknown repository, organisation or issue", async () => {
    for (const path of [
      `/repos/${ORG}/nope/issues`,
      `/repos/other/pm/issues`,
      `/repos/${ORG}/pm/issues/99`,
    ]) {
      const reply = await call(sim.url, "GET", path);
      expect(reply.status, path).toBe(404);
      expect(reply.body.message).toBe("Not Found");
    }
  });

  it("resolves repository names ignoring case", async () => {
    const reply = await call(sim.url, "GET", `/repos/ACME/PM`);
    expect(reply.status).toBe(200);
    expect(reply.body.full_name).toBe("acme/pm");
  });
});

describe("comments", () => {
  it("lists an issue's comments, filtered by since", async () => {
    const all = await call(sim.url, "GET", `/repos/${ORG}/pm/issues/1/comments`);
    expect(all.body.map((c: { user: { login: string } }) => c.user.login)).toEqual(["alice", "bob"]);
    const recent = await call(
      sim.url,
      "GET",
      `/repos/${ORG}/pm/issues/1/comments?since=2023-11-01T00:00:00Z`,
    );
    expect(recent.body).toHaveLength(1);
    expect(recent.body[0].body).toContain("Weekly Update");
    expect(recent.body[0].issue_url).toBe(`${sim.url}/repos/${ORG}/pm/issues/1`);
  });

  it("lists a repository's comments with since, sort and direction", async () => {
    const reply = await call(
      sim.url,
      "GET",
      `/repos/${ORG}/pm/issues/comments?since=2023-11-01T00:00:00Z&sort=created&direction=desc`,
    );
    expect(reply.body.map((c: { body: string }) => c.body)).toEqual([
      "lgtm",
      "**Weekly Update**\n- _achieved_: a",
    ]);
    const ids = (await call(sim.url, "GET", `/repos/${ORG}/pm/issues/comments`)).body.map(
      (c: { id: number }) => c.id,
    );
    expect(new Set(ids).size).toBe(3);
  });
});

describe("milestones", () => {
  it("lists open milestones by default, all on request, sorted by due date", async () => {
    const open = await call(sim.url, "GET", `/repos/${ORG}/pm/milestones`);
    expect(open.body.map((m: { number: number }) => m.number)).toEqual([1, 3]);
    const all = await call(sim.url, "GET", `/repos/${ORG}/pm/milestones?state=all`);
    expect(all.body.map((m: { number: number }) => m.number)).toEqual([1, 2, 3]);
  });

  it("gets one milestone with derived counts and 404s an unknown number", async () => {
    const one = await call(sim.url, "GET", `/repos/${ORG}/pm/milestones/1`);
    expect(one.body).toMatchObject({
      title: "Waku Network Gen 0",
      open_issues: 1,
      closed_issues: 1,
      due_on: "2023-12-01T00:00:00Z",
    });
    expect((await call(sim.url, "GET", `/repos/${ORG}/pm/milestones/9`)).status).toBe(404);
  });
});

describe("repositories", () => {
  it("lists the organisation's repositories with archived/fork/private as seeded", async () => {
    const reply = await call(sim.url, "GET", `/orgs/${ORG}/repos?sort=full_name`);
    expect(reply.body.map((r: { name: string }) => r.name)).toEqual(["bulk", "fork-of-x", "pm", "secret"]);
    const fork = reply.body.find((r: { name: string }) => r.name === "fork-of-x");
    expect(fork).toMatchObject({ fork: true, archived: false, private: false, full_name: "acme/fork-of-x" });
    const sources = await call(sim.url, "GET", `/orgs/${ORG}/repos?type=sources&sort=full_name`);
    expect(sources.body.map((r: { name: string }) => r.name)).toEqual(["bulk", "pm", "secret"]);
  });

  it("404s for another organisation", async () => {
    expect((await call(sim.url, "GET", `/orgs/someone-else/repos`)).status).toBe(404);
  });
});
