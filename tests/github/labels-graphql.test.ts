/**
 * The batched GraphQL read of every repository's labels (`listOrgReposWithLabels`) against the
 * GitHub simulator in-process: it must see exactly what the REST path (`listOrgRepos` +
 * `listLabels`) sees, so sync-labels and check plan the same whichever path read the labels.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { validateConfigText } from "../../src/config/index.js";
import { GitHubError } from "../../src/errors.js";
import { FatalGitHubError, GitHubClient } from "../../src/github/client.js";
import { type Label, listLabels } from "../../src/github/labels.js";
import { type GraphqlReader, listOrgRepos, listOrgReposWithLabels } from "../../src/github/repos.js";
import { DEMO_ARCHIVED_REPO, DEMO_FORK_REPO, demoSeed } from "../../src/simulator/demo-seed.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import type { Seed, SeedLabel } from "../../src/simulator/seed.js";
import { planLabelSync } from "../../src/sync/plan.js";

const ROOT_CONFIG = fileURLToPath(new URL("../../labels.yaml", import.meta.url));
const TOKEN = "ghp_labels_graphql_test";

let sim: Simulator | undefined;

afterEach(async () => {
  if (sim) expect(sim.violations).toEqual([]);
  await sim?.close();
  sim = undefined;
});

function clientFor(s: Simulator, token: string): GitHubClient {
  return new GitHubClient({
    token,
    apiUrl: s.url,
    graphqlUrl: s.graphqlUrl,
    verbose: false,
    log: () => {},
    retryBaseMs: 1,
    writeIntervalMs: 0,
  });
}

function byName(labels: readonly Label[]): Label[] {
  return [...labels].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function numbered(count: number, prefix: string): SeedLabel[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}-${String(i).padStart(3, "0")}`,
    // Upper case on purpose: both paths must lowercase it.
    color: "C5DEF5",
    description: i % 2 === 0 ? null : `label ${i}`,
  }));
}

describe("listOrgReposWithLabels on the demo organisation", () => {
  it("lists the same repositories and labels as the REST path, and both plan the same changes", async () => {
    const seed = demoSeed();
    sim = await startSimulator({ seed });
    const client = clientFor(sim, seed.tokens[0] ?? "");
    const batched = await listOrgReposWithLabels(client, seed.org);
    const graphqlDocuments = sim.log.length;
    sim.clearLog();

    const rest = await listOrgRepos(client, seed.org);
    expect(batched.repos).toEqual(rest);
    // The archived repository and the fork are listed (selection skips them later, as before).
    expect(batched.repos.find((r) => r.name === DEMO_ARCHIVED_REPO)?.archived).toBe(true);
    expect(batched.repos.find((r) => r.name === DEMO_FORK_REPO)?.fork).toBe(true);

    const config = validateConfigText(readFileSync(ROOT_CONFIG, "utf8"), "labels.yaml").config;
    if (!config) throw new Error("the root labels.yaml must be valid");
    let changes = 0;
    for (const repo of rest) {
      const viaRest = await listLabels(client, seed.org, repo.name);
      const viaGraphql = batched.labels.get(repo.name.toLowerCase());
      expect(viaGraphql && byName(viaGraphql), repo.name).toEqual(byName(viaRest));
      const options = { prune: true, force: false } as const;
      const plan = planLabelSync(config.labels, viaGraphql ?? [], options);
      expect(plan, repo.name).toEqual(planLabelSync(config.labels, viaRest, options));
      changes += plan.changes.length;
    }
    // The demo has real drift, so the comparison compared something.
    expect(changes).toBeGreaterThan(0);
    // REST: the listing plus one request per repository; GraphQL: one document for them all.
    expect(sim.log.filter((e) => e.kind === "rest")).toHaveLength(rest.length + 1);
    expect(graphqlDocuments).toBe(1);
  });
});

describe("listOrgReposWithLabels past 100 labels", () => {
  it("reads every label, following several repositories' pages in shared documents", async () => {
    const seed: Seed = {
      org: "acme",
      tokens: [TOKEN],
      repos: [
        { name: "big", labels: numbered(150, "big") },
        { name: "huge", labels: numbered(250, "huge") },
        { name: "small", labels: numbered(30, "small") },
        { name: "empty", labels: [] },
      ],
    };
    sim = await startSimulator({ seed });
    const client = clientFor(sim, TOKEN);
    const batched = await listOrgReposWithLabels(client, "acme");

    for (const repo of seed.repos) {
      const got = batched.labels.get(repo.name) ?? [];
      // In full, in GitHub's order, normalised like the REST path.
      expect(got.map((l) => l.name)).toEqual(repo.labels.map((l) => l.name));
      expect(got).toEqual(await listLabels(client, "acme", repo.name));
    }
    expect(batched.labels.get("huge")?.[0]).toEqual({ name: "huge-000", color: "c5def5", description: null });
    // The listing, then big's and huge's second pages together, then huge's third page alone.
    expect(sim.log.filter((e) => e.kind === "graphql")).toHaveLength(3);
  });
});

describe("listOrgReposWithLabels with a fake GraphQL client", () => {
  const listing = (repos: { name: string; more: boolean }[]) => ({
    organization: {
      repositories: {
        pageInfo: { hasNextPage: false, endCursor: null },
        nodes: repos.map((r) => ({
          name: r.name,
          nameWithOwner: `acme/${r.name}`,
          isArchived: false,
          isFork: false,
          labels: {
            totalCount: r.more ? 101 : 1,
            pageInfo: { hasNextPage: r.more, endCursor: r.more ? "Y3Vyc29yOjEwMA==" : null },
            nodes: [{ name: "bug", color: "D73A4A", description: null }],
          },
        })),
      },
    },
  });

  function fake(answerFollowUp: () => unknown): GraphqlReader & { queries: string[] } {
    const queries: string[] = [];
    return {
      queries,
      graphql: async <T>(query: string) => {
        queries.push(query);
        if (queries.length === 1) {
          return listing([
            { name: "a", more: false },
            { name: "b", more: true },
          ]) as T;
        }
        return answerFollowUp() as T;
      },
    };
  }

  it("leaves a repository whose later pages fail to the REST path instead of failing them all", async () => {
    const client = fake(() => {
      throw new GitHubError("GitHub GraphQL error: Could not resolve to a Repository", "hint");
    });
    const batched = await listOrgReposWithLabels(client, "acme");
    expect(batched.repos.map((r) => r.name)).toEqual(["a", "b"]);
    expect(batched.labels.get("a")).toEqual([{ name: "bug", color: "d73a4a", description: null }]);
    expect(batched.labels.has("b")).toBe(false);
    expect(client.queries).toHaveLength(2);
  });

  it("stops at a rejected token or a spent rate limit", async () => {
    const client = fake(() => {
      throw new FatalGitHubError("GitHub API rate limit exhausted", "wait");
    });
    await expect(listOrgReposWithLabels(client, "acme")).rejects.toBeInstanceOf(FatalGitHubError);
  });

  it("says which organisation was not found", async () => {
    const client: GraphqlReader = { graphql: async <T>() => ({ organization: null }) as T };
    await expect(listOrgReposWithLabels(client, "nobody")).rejects.toThrow("organisation nobody not found");
  });
});
