/**
 * The reading phase sync-labels and check share (`readOrgLabels`): GraphQL first, REST for what
 * GraphQL could not read, against the simulator in-process. A client whose GraphQL fails on chosen
 * documents stands in for GitHub failing part-way.
 */
import { afterEach, describe, expect, it } from "vitest";
import { GitHubError } from "../../src/errors.js";
import { FatalGitHubError, GitHubClient } from "../../src/github/client.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import type { SeedLabel } from "../../src/simulator/seed.js";
import { readOrgLabels } from "../../src/sync/read.js";

const TOKEN = "ghp_sync_read_test";

let sim: Simulator | undefined;

afterEach(async () => {
  if (sim) expect(sim.violations).toEqual([]);
  await sim?.close();
  sim = undefined;
});

function labels(count: number, prefix: string): SeedLabel[] {
  return Array.from({ length: count }, (_, i) => ({ name: `${prefix}-${i}`, color: "EDEDED" }));
}

async function start(): Promise<Simulator> {
  sim = await startSimulator({
    seed: {
      org: "acme",
      tokens: [TOKEN],
      repos: [
        { name: "big", labels: labels(130, "big") },
        { name: "small", labels: labels(3, "small") },
      ],
    },
  });
  return sim;
}

/** A real client whose GraphQL documents number `failing` (1-based) throw `error` instead. */
function clientFailing(s: Simulator, failing: number[], error: Error): GitHubClient {
  const client = new GitHubClient({
    token: TOKEN,
    apiUrl: s.url,
    graphqlUrl: s.graphqlUrl,
    verbose: false,
    log: () => {},
    retryBaseMs: 1,
    writeIntervalMs: 0,
  });
  const graphql = client.graphql.bind(client);
  let documents = 0;
  client.graphql = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    documents++;
    if (failing.includes(documents)) throw error;
    return graphql<T>(query, variables);
  };
  return client;
}

function requests(s: Simulator): string[] {
  return s.log.map((e) => `${e.method} ${e.path}`);
}

describe("readOrgLabels", () => {
  it("reads everything with GraphQL when it works: the listing and one follow-up document", async () => {
    const s = await start();
    const reader = await readOrgLabels(clientFailing(s, [], new Error("unused")), "acme");
    expect(reader.repos.map((r) => r.fullName)).toEqual(["acme/big", "acme/small"]);
    expect((await reader.labelsOf("big")).map((l) => l.name)).toEqual(labels(130, "big").map((l) => l.name));
    expect(await reader.labelsOf("SMALL")).toEqual(
      labels(3, "small").map((l) => ({ name: l.name, color: "ededed", description: null })),
    );
    expect(reader.warnings).toEqual([]);
    expect(requests(s)).toEqual(["POST /graphql", "POST /graphql"]);
  });

  it("reads only the repository whose follow-up document failed with REST", async () => {
    const s = await start();
    const reader = await readOrgLabels(
      clientFailing(s, [2], new GitHubError("GitHub GraphQL error", "")),
      "acme",
    );
    expect(await reader.labelsOf("small")).toHaveLength(3);
    expect(await reader.labelsOf("big")).toHaveLength(130);
    // The listing document, then big's labels page by page over REST (100 per page).
    expect(requests(s)).toEqual([
      "POST /graphql",
      "GET /repos/acme/big/labels",
      "GET /repos/acme/big/labels",
    ]);
    expect(reader.warnings).toEqual([]);
  });

  it("falls back to the REST path, with a warning, when the listing document fails", async () => {
    const s = await start();
    const reader = await readOrgLabels(
      clientFailing(s, [1], new GitHubError("GitHub GraphQL error: something went wrong", "")),
      "acme",
    );
    expect(reader.repos.map((r) => r.name)).toEqual(["big", "small"]);
    expect(await reader.labelsOf("small")).toHaveLength(3);
    expect(requests(s)).toEqual(["GET /orgs/acme/repos", "GET /repos/acme/small/labels"]);
    expect(reader.warnings).toEqual([
      "reading labels with GraphQL failed (GitHub GraphQL error: something went wrong); read them with one REST request per repository instead",
    ]);
  });

  it("does not try REST after a rejected token or a spent rate limit", async () => {
    const s = await start();
    const fatal = new FatalGitHubError("GitHub API rate limit exhausted", "wait for the reset");
    await expect(readOrgLabels(clientFailing(s, [1], fatal), "acme")).rejects.toBe(fatal);
    expect(requests(s)).toEqual([]);
  });
});
