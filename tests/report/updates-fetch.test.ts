/**
 * The documents `fetchUpdatedIssues` sends, checked against GitHub's published schema and its
 * static limits (first/last ≤ 100, at most 500,000 nodes) for an organisation far bigger than the
 * CLI tests' seeds: the repositories must be split over several documents, each within the limit.
 */
import { Kind } from "graphql";
import { describe, expect, it } from "vitest";
import { fetchUpdatedIssuesPerRepository, type GraphqlClient } from "../../src/github/updates.js";
import { MAX_NODES } from "../../src/simulator/graphql-analysis.js";
import { loadGithubSchema } from "../../src/simulator/graphql-schema.js";
import { checkGithubDocument } from "../helpers/github-document.js";

const EMPTY = { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] };

/** Validates and measures every document, then answers each aliased connection with an empty page. */
function recordingClient() {
  const schema = loadGithubSchema();
  const documents: { repositories: number; nodes: number; cost: number }[] = [];
  const client: GraphqlClient = {
    async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const { operation, analysis } = checkGithubDocument(schema, query, variables);
      const data: Record<string, Record<string, unknown>> = {};
      for (const selection of operation.selectionSet.selections) {
        if (selection.kind !== Kind.FIELD || !selection.alias) continue;
        const repo: Record<string, unknown> = {};
        for (const inner of selection.selectionSet?.selections ?? []) {
          if (inner.kind === Kind.FIELD && inner.alias) repo[inner.alias.value] = EMPTY;
        }
        data[selection.alias.value] = repo;
      }
      documents.push({
        repositories: Object.keys(data).length,
        nodes: analysis.nodeCount,
        cost: analysis.cost,
      });
      return data as T;
    },
  };
  return { client, documents };
}

describe("fetchUpdatedIssuesPerRepository documents (the fresh read)", () => {
  it("splits a large organisation into valid documents under GitHub's node limit", async () => {
    const { client, documents } = recordingClient();
    const repositories = Array.from({ length: 80 }, (_, i) => `repo-${i}`);
    const result = await fetchUpdatedIssuesPerRepository(client, {
      org: "big-org",
      pmRepo: "pm",
      repositories,
      since: new Date("2024-03-04T00:00:00Z"),
    });
    expect(result).toEqual({ issues: [], trackingIssues: [], warnings: [] });
    // 80 `issues` connections + the tracking-issue one, 30 per document.
    expect(documents.map((d) => d.repositories)).toEqual([30, 30, 21]);
    for (const d of documents) expect(d.nodes).toBeLessThanOrEqual(MAX_NODES);
  });

  it("fits a waku-org-sized organisation in one document", async () => {
    const { client, documents } = recordingClient();
    const repositories = Array.from({ length: 20 }, (_, i) => (i === 0 ? "pm" : `repo-${i}`));
    await fetchUpdatedIssuesPerRepository(client, {
      org: "waku-org",
      pmRepo: "pm",
      repositories,
      since: new Date(),
    });
    expect(documents).toHaveLength(1);
    // The pm repository carries both its updated issues and its tracking issues under one alias.
    expect(documents[0]?.repositories).toBe(20);
  });
});
