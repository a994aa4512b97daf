import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { call, issue, label, ORG, parseLink, repo, seed, TOKEN } from "./helpers.js";

let sim: Simulator;

/** Each test gets its own token so the 30-a-minute search budget never leaks between tests. */
const tokens = Array.from({ length: 20 }, (_, i) => `search-token-${i}`);
let nextToken = 0;
function search(q: string, extra = "", token?: string) {
  return call(sim.url, "GET", `/search/issues?q=${encodeURIComponent(q)}${extra}`, {
    token: token ?? tokens[nextToken] ?? TOKEN,
  });
}

const refs = (body: { items: { number: number; repository_url: string }[] }): string[] =>
  body.items.map((i) => `${i.repository_url.split("/").pop()}#${i.number}`).sort();

beforeAll(async () => {
  sim = await startSimulator({
    seed: seed(
      [
        repo("pm", {
          labels: [label("epic"), label("E:1.1"), label("E:1.2"), label("bug")],
          milestones: [{ number: 1, title: "Waku Network Gen 0" }],
          issues: [
            issue(1, { labels: ["epic", "E:1.1"], milestone: 1, updated_at: "2023-11-20T00:00:00Z" }),
            issue(2, { labels: ["epic", "E:1.2"], milestone: 1, updated_at: "2023-10-01T00:00:00Z" }),
            issue(3, { labels: ["E:1.1", "bug"], state: "closed", updated_at: "2023-11-22T00:00:00Z" }),
            issue(4, { labels: ["E:1.2"], pull_request: true, updated_at: "2023-11-23T00:00:00Z" }),
          ],
        }),
        repo("nwaku", {
          labels: [label("E:1.1")],
          issues: [
            issue(7, { title: "Autosharding API", labels: ["E:1.1"], updated_at: "2023-11-24T00:00:00Z" }),
          ],
        }),
        repo("huge", {
          labels: [label("load")],
          issues: Array.from({ length: 1050 }, (_, i) => issue(i + 1, { labels: ["load"] })),
        }),
      ],
      [TOKEN, ...tokens],
    ),
  });
});

afterAll(async () => {
  await sim.close();
});

afterEach(() => {
  nextToken++;
  expect(sim.violations).toEqual([]);
});

describe("GET /search/issues", () => {
  it("refuses a query without is:issue or is:pull-request with 422, as GitHub does", async () => {
    const reply = await search(`org:${ORG} label:epic`);
    expect(reply.status).toBe(422);
    expect(reply.body.errors[0]).toMatchObject({ resource: "Search", field: "q", code: "invalid" });
    expect(reply.body.errors[0].message).toMatch(/is:issue/);
  });

  it("finds issues across the organisation with total_count and incomplete_results", async () => {
    const reply = await search(`org:${ORG} is:issue label:"E:1.1"`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ total_count: 3, incomplete_results: false });
    expect(refs(reply.body)).toEqual(["nwaku#7", "pm#1", "pm#3"]);
  });

  it('label:"a","b" means OR; repeated label: qualifiers mean AND', async () => {
    const or = await search(`org:${ORG} is:issue label:"E:1.1","E:1.2"`);
    expect(refs(or.body)).toEqual(["nwaku#7", "pm#1", "pm#2", "pm#3"]);
    const and = await search(`org:${ORG} is:issue label:"E:1.1" label:bug`);
    expect(refs(and.body)).toEqual(["pm#3"]);
  });

  it("separates issues from pull requests", async () => {
    const prs = await search(`org:${ORG} is:pull-request label:"E:1.2"`);
    expect(refs(prs.body)).toEqual(["pm#4"]);
    expect(prs.body.items[0].pull_request).toBeDefined();
    const prShort = await search(`org:${ORG} is:pr label:"E:1.2"`);
    expect(refs(prShort.body)).toEqual(["pm#4"]);
  });

  it("filters by repo:, is:open/closed, milestone:, updated:>= and free text", async () => {
    expect(refs((await search(`repo:${ORG}/pm is:issue is:closed`)).body)).toEqual(["pm#3"]);
    expect(refs((await search(`org:${ORG} is:issue milestone:"Waku Network Gen 0"`)).body)).toEqual([
      "pm#1",
      "pm#2",
    ]);
    expect(refs((await search(`org:${ORG} is:issue label:"E:1.1" updated:>=2023-11-22`)).body)).toEqual([
      "nwaku#7",
      "pm#3",
    ]);
    expect(refs((await search(`org:${ORG} is:issue autosharding`)).body)).toEqual(["nwaku#7"]);
    expect((await search(`org:someone-else is:issue`)).body.total_count).toBe(0);
  });

  it("reports every match in total_count but serves only the first 1,000", async () => {
    const first = await search(`repo:${ORG}/huge is:issue`, "&per_page=100");
    expect(first.body.total_count).toBe(1050);
    expect(first.body.items).toHaveLength(100);
    const last = parseLink(first.headers.get("link")).last!;
    expect(new URL(last).searchParams.get("page")).toBe("10");
    const tenth = await search(`repo:${ORG}/huge is:issue`, "&per_page=100&page=10");
    expect(tenth.status).toBe(200);
    expect(tenth.body.items).toHaveLength(100);
    expect(parseLink(tenth.headers.get("link")).next).toBeUndefined();
    const beyond = await search(`repo:${ORG}/huge is:issue`, "&per_page=100&page=11");
    expect(beyond.status).toBe(422);
  });

  it("allows 30 searches a minute per token, on its own search budget", async () => {
    let last = await search(`org:${ORG} is:issue`);
    expect(last.headers.get("x-ratelimit-resource")).toBe("search");
    expect(last.headers.get("x-ratelimit-limit")).toBe("30");
    for (let i = 1; i < 30; i++) last = await search(`org:${ORG} is:issue`);
    expect(last.status).toBe(200);
    expect(last.headers.get("x-ratelimit-remaining")).toBe("0");
    const refused = await search(`org:${ORG} is:issue`);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/rate limit exceeded/);
    // The core budget is untouched by searching.
    const core = await call(sim.url, "GET", `/repos/${ORG}/pm`, { token: tokens[nextToken] ?? TOKEN });
    expect(core.status).toBe(200);
    expect(core.headers.get("x-ratelimit-used")).toBe("1");
  });
});
