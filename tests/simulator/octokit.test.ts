/**
 * The simulator speaks to Octokit the way GitHub does: Octokit percent-encodes path parameters
 * itself (a raw label name with `/`, `%`, `?`, `#` and emoji must round-trip), follows `Link`
 * pagination, and throws on 304 like it does against GitHub.
 */
import { Octokit } from "@octokit/rest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { issue, label, ORG, repo, seed, TOKEN } from "./helpers.js";

const TRICKY = "E:1.1 Net / sharding 50% ?#🚀";

let sim: Simulator;
let octokit: Octokit;

beforeAll(async () => {
  sim = await startSimulator({
    seed: seed([
      repo("pm", {
        labels: [
          label(TRICKY, "abcdef", "Epic 1.1"),
          label("needs space"),
          ...Array.from({ length: 120 }, (_, i) => label(`l${i}`)),
        ],
        issues: [issue(1, { labels: [TRICKY] })],
      }),
    ]),
  });
  const quiet = () => undefined;
  // Octokit logs every error answer; the expected 404 and 304 here would only be noise.
  octokit = new Octokit({
    auth: TOKEN,
    baseUrl: sim.url,
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
});

afterAll(async () => {
  await sim.close();
});

afterEach(() => {
  expect(sim.violations).toEqual([]);
});

describe("Octokit against the simulator", () => {
  it("gets, renames and deletes a label whose name needs every kind of escaping (passed raw)", async () => {
    const got = await octokit.rest.issues.getLabel({ owner: ORG, repo: "pm", name: TRICKY });
    expect(got.data).toMatchObject({ name: TRICKY, color: "abcdef", description: "Epic 1.1" });
    const renamed = await octokit.rest.issues.updateLabel({
      owner: ORG,
      repo: "pm",
      name: TRICKY,
      new_name: `${TRICKY}!`,
    });
    expect(renamed.data.name).toBe(`${TRICKY}!`);
    const onIssue = await octokit.rest.issues.listLabelsOnIssue({ owner: ORG, repo: "pm", issue_number: 1 });
    expect(onIssue.data.map((l) => l.name)).toEqual([`${TRICKY}!`]);
    const deleted = await octokit.rest.issues.deleteLabel({ owner: ORG, repo: "pm", name: `${TRICKY}!` });
    expect(deleted.status).toBe(204);
    await expect(
      octokit.rest.issues.getLabel({ owner: ORG, repo: "pm", name: `${TRICKY}!` }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });

  it("answers 404 when a client encodes the name itself (Octokit encodes it again: % becomes %25)", async () => {
    await expect(
      octokit.rest.issues.getLabel({ owner: ORG, repo: "pm", name: encodeURIComponent("needs space") }),
    ).rejects.toMatchObject({ status: 404 });
    const raw = await octokit.rest.issues.getLabel({ owner: ORG, repo: "pm", name: "needs space" });
    expect(raw.status).toBe(200);
  });

  it("paginates every label with octokit.paginate", async () => {
    sim.clearLog();
    const all = await octokit.paginate(octokit.rest.issues.listLabelsForRepo, {
      owner: ORG,
      repo: "pm",
      per_page: 100,
    });
    expect(all.length).toBeGreaterThanOrEqual(120);
    expect(sim.log.map((e) => e.query.page ?? "1")).toEqual(["1", "2"]);
  });

  it("throws a 304 RequestError for a conditional request, which costs nothing", async () => {
    const first = await octokit.rest.issues.listLabelsForRepo({ owner: ORG, repo: "pm" });
    sim.clearLog();
    await expect(
      octokit.rest.issues.listLabelsForRepo({
        owner: ORG,
        repo: "pm",
        headers: { "if-none-match": String(first.headers.etag) },
      }),
    ).rejects.toMatchObject({ status: 304 });
    expect(sim.log).toEqual([expect.objectContaining({ status: 304, cost: 0 })]);
  });
});
