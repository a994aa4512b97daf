/**
 * A repository deleted or renamed between the listing and the task query must not sink the whole
 * run: GitHub answers the other aliases and names the missing one. Other GraphQL errors still fail.
 */
import { afterEach, describe, expect, it } from "vitest";
import { GitHubError } from "../../src/errors.js";
import { GitHubClient } from "../../src/github/client.js";
import { fetchTasksPerRepository } from "../../src/github/planning.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";

const TOKEN = "ghp_partial_test_token";
let sim: Simulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(): Promise<{ sim: Simulator; client: GitHubClient; log: string[] }> {
  sim = await startSimulator({
    seed: {
      org: "acme",
      tokens: [TOKEN],
      repos: [
        {
          name: "app",
          labels: [{ name: "E:One", color: "ededed" }],
          issues: [
            { number: 1, title: "first", state: "open", labels: ["E:One"] },
            { number: 2, title: "second", state: "closed", labels: ["E:One"] },
          ],
        },
      ],
    },
  });
  const log: string[] = [];
  const client = new GitHubClient({
    token: TOKEN,
    apiUrl: sim.url,
    graphqlUrl: sim.graphqlUrl,
    verbose: true,
    log: (line) => log.push(line),
  });
  return { sim, client, log };
}

describe("GraphQL answers with a missing repository", () => {
  it("keeps the tasks of the repositories that exist and warns about the missing one", async () => {
    const { client, log } = await start();
    const result = await fetchTasksPerRepository(client, {
      org: "acme",
      repositories: ["app", "gone"],
      labels: ["E:One"],
    });
    expect(result.tasks.map((t) => `${t.repo}#${t.number}`).sort()).toEqual(["acme/app#1", "acme/app#2"]);
    expect(result.warnings).toEqual([
      "repository acme/gone could not be read (deleted or renamed?); its tasks are missing",
    ]);
    expect(
      log.some((line) => line.includes("Could not resolve to a Repository with the name 'acme/gone'")),
    ).toBe(true);
  });

  it("still fails on an error that is not a missing object", async () => {
    const { client } = await start();
    await expect(
      client.graphql('query { repository(owner: "acme", name: "app") { colour } }'),
    ).rejects.toThrow(GitHubError);
  });
});
