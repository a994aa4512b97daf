/**
 * planning.ts against a fake GraphQL client that validates every document against GitHub's
 * published schema (and its node limit) and executes it over an in-memory organisation. Checks the
 * batching and follow-up logic at sizes the CLI tests do not reach.
 */
import { graphql } from "graphql";
import { describe, expect, it } from "vitest";
import {
  fetchPlanningOverview,
  fetchTasksPerRepository,
  type GraphqlClient,
} from "../../src/github/planning.js";
import { MAX_NODES } from "../../src/simulator/graphql-analysis.js";
import { loadGithubSchema } from "../../src/simulator/graphql-schema.js";
import { checkGithubDocument } from "../helpers/github-document.js";

interface FakeItem {
  number: number;
  state: "OPEN" | "CLOSED" | "MERGED";
  labels: string[];
  pr?: boolean;
  milestone?: number;
}

interface FakeRepo {
  name: string;
  items: FakeItem[];
  milestones?: number;
}

type Args = Record<string, unknown>;

function connection<T>(all: T[], args: Args) {
  const first = args.first as number;
  if (!first || first > 100) throw new Error("first must be 1..100");
  const start = args.after ? Number(args.after) : 0;
  const nodes = all.slice(start, start + first);
  const end = start + nodes.length;
  return {
    totalCount: all.length,
    nodes,
    pageInfo: { hasNextPage: end < all.length, endCursor: String(end) },
  };
}

function itemsOf(repo: FakeRepo, args: Args, pr: boolean) {
  const wanted = (args.labels as string[] | undefined)?.map((l) => l.toLowerCase());
  const states = args.states as string[] | undefined;
  const matching = repo.items.filter(
    (i) =>
      (i.pr === true) === pr &&
      (!wanted || i.labels.some((l) => wanted.includes(l.toLowerCase()))) &&
      (!states || states.includes(i.state)),
  );
  return connection(
    matching.map((i) => ({
      number: i.number,
      title: `t${i.number}`,
      url: `https://github.com/o/${repo.name}/${pr ? "pull" : "issues"}/${i.number}`,
      state: i.state,
      labels: (a: Args) =>
        connection(
          i.labels.map((name) => ({ name })),
          a,
        ),
      assignees: (a: Args) => connection([], a),
      milestone: i.milestone ? { number: i.milestone } : null,
    })),
    args,
  );
}

/** A GraphqlClient executing against GitHub's schema; records every document and its node count. */
function fakeClient(repos: FakeRepo[]) {
  const schema = loadGithubSchema();
  const documents: { query: string; nodes: number }[] = [];
  const root = {
    organization: () => ({
      repositories: (args: Args) =>
        connection(
          repos.map((r) => ({ name: r.name, isArchived: false, isFork: false })),
          args,
        ),
    }),
    repository: ({ name }: Args) => {
      const repo = repos.find((r) => r.name === name);
      if (!repo) return null;
      return {
        milestones: (args: Args) =>
          connection(
            Array.from({ length: repo.milestones ?? 0 }, (_, i) => ({
              number: i + 1,
              title: `M${i + 1}`,
              url: `https://github.com/o/${name}/milestone/${i + 1}`,
              dueOn: null,
              createdAt: "2023-08-01T00:00:00Z",
              state: "OPEN",
              description: null,
            })),
            args,
          ),
        issues: (args: Args) => itemsOf(repo, args, false),
        pullRequests: (args: Args) => itemsOf(repo, args, true),
      };
    },
  };
  const client: GraphqlClient = {
    async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const { analysis } = checkGithubDocument(schema, query, variables);
      documents.push({ query, nodes: analysis.nodeCount });
      const result = await graphql({ schema, source: query, rootValue: root, variableValues: variables });
      if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join("; "));
      return result.data as T;
    },
  };
  return { client, documents };
}

function repoNamed(name: string, items: FakeItem[] = [], milestones = 0): FakeRepo {
  return { name, items, milestones };
}

describe("fetchTasksPerRepository (the fresh read, and the fallback for labels search cannot express)", () => {
  it("fetches 60 repositories in 3 documents, each under GitHub's node limit, OR-ing the labels", async () => {
    const repos = Array.from({ length: 60 }, (_, i) =>
      repoNamed(`repo-${i}`, [
        { number: 1, state: "OPEN", labels: ["E:a"] },
        { number: 2, state: "MERGED", labels: ["E:b"], pr: true },
        { number: 3, state: "CLOSED", labels: ["other"] },
      ]),
    );
    const { client, documents } = fakeClient(repos);
    const result = await fetchTasksPerRepository(client, {
      org: "o",
      repositories: repos.map((r) => r.name),
      labels: ["E:a", "E:b"],
    });
    expect(documents).toHaveLength(3);
    for (const d of documents) expect(d.nodes).toBeLessThanOrEqual(MAX_NODES);
    expect(result.tasks).toHaveLength(120);
    const pr = result.tasks.find((t) => t.repo === "o/repo-7" && t.number === 2)!;
    expect(pr).toMatchObject({ pullRequest: true, state: "closed", labels: ["E:b"] });
    expect(result.warnings).toEqual([]);
  });

  it("follows only the connections that have another page, batched into one document per round", async () => {
    const many = (n: number): FakeItem[] =>
      Array.from({ length: n }, (_, i) => ({ number: i + 1, state: "OPEN", labels: ["E:x"] }));
    const repos = [repoNamed("big", many(250)), repoNamed("mid", many(150)), repoNamed("small", many(3))];
    const { client, documents } = fakeClient(repos);
    const result = await fetchTasksPerRepository(client, {
      org: "o",
      repositories: repos.map((r) => r.name),
      labels: ["E:x"],
    });
    expect(result.tasks).toHaveLength(403);
    // Round 1: everything; round 2: big and mid issues; round 3: big issues only.
    expect(documents).toHaveLength(3);
    expect(documents[1]!.query).not.toContain('"small"');
    expect(documents[2]!.query).toContain('"big"');
    expect(documents[2]!.query).not.toContain('"mid"');
    expect(documents[1]!.query).not.toContain("pullRequests");
  });

  it("warns when a task has more labels than were read, instead of missing an epic label silently", async () => {
    const labels = ["E:x", ...Array.from({ length: 59 }, (_, i) => `l${i}`)];
    const { client } = fakeClient([repoNamed("a", [{ number: 7, state: "OPEN", labels }])]);
    const result = await fetchTasksPerRepository(client, { org: "o", repositories: ["a"], labels: ["E:x"] });
    expect(result.tasks).toHaveLength(1);
    expect(result.warnings).toEqual([
      expect.stringMatching(/o\/a#7 has 60 labels; only the first 50 were read/),
    ]);
  });

  it("sends nothing when there is no label to look for (GitHub would return every issue)", async () => {
    const { client, documents } = fakeClient([repoNamed("a", [{ number: 1, state: "OPEN", labels: [] }])]);
    const result = await fetchTasksPerRepository(client, { org: "o", repositories: ["a"], labels: [] });
    expect(result.tasks).toEqual([]);
    expect(documents).toHaveLength(0);
  });

  it("warns when a repository cannot be read instead of dropping it silently", async () => {
    const { client } = fakeClient([repoNamed("a")]);
    const result = await fetchTasksPerRepository(client, {
      org: "o",
      repositories: ["a", "gone"],
      labels: ["E:x"],
    });
    expect(result.warnings.join("\n")).toMatch(/o\/gone could not be read/);
  });
});

describe("fetchPlanningOverview, fresh (epics from the pm repository's issues connection)", () => {
  it("reads milestones, epics and repositories in one document when they fit", async () => {
    const pm = repoNamed("pm", [{ number: 5, state: "OPEN", labels: ["epic", "E:a"], milestone: 2 }], 3);
    const { client, documents } = fakeClient([pm, repoNamed("x")]);
    const overview = await fetchPlanningOverview(client, { org: "o", pmRepo: "pm", fresh: true });
    expect(documents).toHaveLength(1);
    expect(overview.milestones.map((m) => m.number)).toEqual([1, 2, 3]);
    expect(overview.epics).toEqual([
      expect.objectContaining({ number: 5, state: "open", milestone: 2, labels: ["epic", "E:a"] }),
    ]);
    expect(overview.repositories.map((r) => r.name)).toEqual(["pm", "x"]);
  });

  it("pages epics and repositories past 100, asking only for what is unfinished", async () => {
    const epics: FakeItem[] = Array.from({ length: 130 }, (_, i) => ({
      number: i + 1,
      state: "OPEN",
      labels: ["epic", `E:${i}`],
      milestone: 1,
    }));
    const repos = [repoNamed("pm", epics, 1), ...Array.from({ length: 220 }, (_, i) => repoNamed(`r${i}`))];
    const { client, documents } = fakeClient(repos);
    const overview = await fetchPlanningOverview(client, { org: "o", pmRepo: "pm", fresh: true });
    expect(overview.epics).toHaveLength(130);
    expect(overview.repositories).toHaveLength(221);
    expect(documents).toHaveLength(3);
    // The third document only needs the repository list: no pm fields, no $pm variable.
    expect(documents[2]!.query).not.toContain("$pm");
  });

  it("names the organisation or repository that is missing", async () => {
    const { client } = fakeClient([repoNamed("x")]);
    await expect(fetchPlanningOverview(client, { org: "o", pmRepo: "pm", fresh: true })).rejects.toThrow(
      /o\/pm not found/,
    );
  });
});
