/**
 * GitHub's secondary limits per minute (REST 900 points, GraphQL 2,000): past them it answers 403,
 * asks for a wait of a minute or more, and may ban a client that goes on. The client paces itself
 * to stay within them. Against the simulator enforcing the same limits over a shortened "minute"
 * (60 retry-base units: 600 ms here): nothing is refused, and a long pause is said once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { GitHubClient } from "../../src/github/client.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";

const TOKEN = "ghp_secondary_limits_test";
/** One "second" of the client's waits, in ms: its minute is 600 ms. */
const BASE_MS = 10;
const MINUTE_MS = 60 * BASE_MS;

let sim: Simulator | undefined;
afterEach(async () => {
  if (sim) expect(sim.violations).toEqual([]);
  await sim?.close();
  sim = undefined;
});

async function start(limits: { rest?: number; graphql?: number }) {
  sim = await startSimulator({
    seed: {
      org: "waku-org",
      tokens: [TOKEN],
      repos: [{ name: "nwaku", labels: [{ name: "bug", color: "d73a4a" }] }],
    },
    validate: true,
    secondaryPointsPerMinute: { ...limits, windowMs: MINUTE_MS },
  });
  return sim;
}

function client(s: Simulator, budget: { rest?: number; graphql?: number }, log: string[] = []) {
  return new GitHubClient({
    token: TOKEN,
    apiUrl: s.url,
    graphqlUrl: s.graphqlUrl,
    verbose: false,
    log: (line) => log.push(line),
    retryBaseMs: BASE_MS,
    writeIntervalMs: 0,
    secondaryPointsPerMinute: budget,
  });
}

const refused = (s: Simulator) => s.log.filter((e) => e.status === 403 || e.status === 429).length;

describe("GitHub's secondary limits per minute", () => {
  it("REST reads are paced within the limit: 50 reads against 20 points a minute, none refused", async () => {
    const s = await start({ rest: 20 });
    const log: string[] = [];
    const c = client(s, { rest: 20 }, log);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        c.request("GET /repos/{owner}/{repo}/labels", { owner: "waku-org", repo: "nwaku" }),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(s.log.filter((e) => e.kind === "rest")).toHaveLength(50);
    expect(refused(s)).toBe(0);
    // The waits (up to a "minute") are past the 5-"second" mark: said once, not per request.
    expect(log.filter((l) => l.startsWith("pacing requests"))).toEqual([
      expect.stringMatching(
        /^pacing requests to GitHub's secondary limit \(20 REST points a minute\): waiting /,
      ),
    ]);
  });

  it("a write is 5 points and a GraphQL query 1, each against its own budget", async () => {
    const s = await start({ rest: 10, graphql: 3 });
    const c = client(s, { rest: 10, graphql: 3 });
    // Two writes and a read are 11 points: the read waits for the window.
    await Promise.all([
      c.request("POST /repos/{owner}/{repo}/labels", {
        owner: "waku-org",
        repo: "nwaku",
        name: "a",
        color: "000000",
      }),
      c.request("POST /repos/{owner}/{repo}/labels", {
        owner: "waku-org",
        repo: "nwaku",
        name: "b",
        color: "000000",
      }),
      c.request("GET /repos/{owner}/{repo}/labels", { owner: "waku-org", repo: "nwaku" }),
      ...Array.from({ length: 7 }, () => c.graphql("query { viewer { login } }")),
    ]);
    expect(refused(s)).toBe(0);
    expect(s.log.filter((e) => e.kind === "graphql")).toHaveLength(7);
  });

  it("without the pacing the simulator refuses (the limit this guards against is real in the fake)", async () => {
    const s = await start({ rest: 20 });
    const c = client(s, { rest: 10_000 });
    await Promise.all(
      Array.from({ length: 30 }, () =>
        c
          .request("GET /repos/{owner}/{repo}/labels", { owner: "waku-org", repo: "nwaku" })
          .catch(() => undefined),
      ),
    );
    expect(refused(s)).toBeGreaterThan(0);
  });
});
