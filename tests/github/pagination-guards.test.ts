/**
 * Issue 15, point 16: answers that would make a reader loop forever or crash. A GraphQL answer that
 * always claims a next page behind the same cursor looped for 8,755 documents; a REST `Link` can
 * do the same; a GraphQL body that is not GraphQL crashed with "Cannot read properties of
 * undefined". Each is now a GitHubError (exit 3) saying what GitHub did.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubError } from "../../src/errors.js";
import { GitHubClient } from "../../src/github/client.js";
import { claimsMoreWithoutCursor, nextCursor, previousCursor } from "../../src/github/pagination.js";
import { runCli } from "../helpers/cli.js";

const TOKEN = "ghp_pagination_guard_token";

let server: ReturnType<typeof createServer>;
let base: string;
let handler: (req: IncomingMessage, res: ServerResponse) => void;
let requests: string[];

beforeEach(async () => {
  requests = [];
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    req.on("end", () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

function client(): GitHubClient {
  return new GitHubClient({
    token: TOKEN,
    apiUrl: base,
    graphqlUrl: `${base}/graphql`,
    verbose: false,
    log: () => {},
    retryBaseMs: 1,
    env: {},
  });
}

function answer(res: ServerResponse, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(200, { "content-type": "application/json", ...headers });
  res.end(body);
}

async function failure(promise: Promise<unknown>): Promise<GitHubError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GitHubError);
  return error as GitHubError;
}

describe("nextCursor", () => {
  it("follows a connection page by page and stops at the end", () => {
    const seen = new Set<string>();
    expect(nextCursor({ pageInfo: { hasNextPage: true, endCursor: "c1" } }, seen, "acme/app issues")).toBe(
      "c1",
    );
    expect(nextCursor({ pageInfo: { hasNextPage: true, endCursor: "c2" } }, seen, "acme/app issues")).toBe(
      "c2",
    );
    expect(
      nextCursor({ pageInfo: { hasNextPage: false, endCursor: "c3" } }, seen, "acme/app issues"),
    ).toBeUndefined();
    // One memory serves many connections: the same cursor string in another one is not a repeat.
    expect(nextCursor({ pageInfo: { hasNextPage: true, endCursor: "c1" } }, seen, "acme/web issues")).toBe(
      "c1",
    );
  });

  it("previousCursor does the same for a connection read backwards (the newest comments first)", () => {
    const seen = new Set<string>();
    const page = (cursor: string) => ({ pageInfo: { hasPreviousPage: true, startCursor: cursor } });
    expect(previousCursor(page("b1"), seen, "acme/app#7 comments")).toBe("b1");
    expect(previousCursor(page("b2"), seen, "acme/app#7 comments")).toBe("b2");
    expect(() => previousCursor(page("b2"), seen, "acme/app#7 comments")).toThrow(
      /acme\/app#7 comments gave the same previous-page cursor twice \("b2"\)/,
    );
    expect(
      previousCursor({ pageInfo: { hasPreviousPage: false, startCursor: "b3" } }, seen, "x"),
    ).toBeUndefined();
  });

  it("a page claiming more without a cursor is not followed, and can be told apart", () => {
    const conn = { pageInfo: { hasNextPage: true, endCursor: null } };
    expect(nextCursor(conn, new Set(), "acme/app issues")).toBeUndefined();
    expect(claimsMoreWithoutCursor(conn)).toBe(true);
    expect(claimsMoreWithoutCursor({ pageInfo: { hasNextPage: false, endCursor: null } })).toBe(false);
  });

  it("GitHub answering every page with the same cursor: stops after the repeat, exit 3 naming the connection", async () => {
    handler = (_req, res) =>
      answer(
        res,
        JSON.stringify({
          data: {
            repository: {
              issues: { nodes: [{ number: 1 }], pageInfo: { hasNextPage: true, endCursor: "Y3Vyc29yOjE=" } },
            },
          },
        }),
      );
    const c = client();
    const seen = new Set<string>();
    // The loop every caller writes: ask, take the nodes, ask nextCursor where to go on.
    const loop = async () => {
      let cursor: string | undefined;
      do {
        const data = await c.graphql<{
          repository: { issues: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
        }>(
          "query($after: String) { repository { issues(first: 100, after: $after) { pageInfo { hasNextPage endCursor } } } }",
          {
            after: cursor ?? null,
          },
        );
        cursor = nextCursor(data.repository.issues, seen, "acme/app issues");
      } while (cursor);
    };
    const error = await failure(loop());
    expect(error.message).toBe(
      `GitHub's GraphQL answer for acme/app issues gave the same next-page cursor twice ("Y3Vyc29yOjE="): stopped instead of reading the same page forever`,
    );
    expect(error.exitCode).toBe(3);
    expect(requests).toHaveLength(2);
  });
});

describe("REST pages", () => {
  it("a Link that leads back to a page already read stops the list instead of reading forever", async () => {
    handler = (req, res) => {
      const page = new URL(req.url ?? "", base).searchParams.get("page") ?? "1";
      // Page 2 says its next page is page 2.
      answer(res, JSON.stringify([{ name: `label-${page}` }]), {
        link: `<${base}/repos/o/r/labels?per_page=100&page=2>; rel="next"`,
      });
    };
    const error = await failure(
      client().paginate("GET /repos/{owner}/{repo}/labels", { owner: "o", repo: "r" }),
    );
    expect(error.message).toBe(
      "GitHub's pages of GET /repos/o/r/labels lead back to a page already read (/repos/o/r/labels?per_page=100&page=2): stopped instead of reading forever",
    );
    expect(requests).toEqual([
      "GET /repos/o/r/labels?per_page=100",
      "GET /repos/o/r/labels?per_page=100&page=2",
    ]);
  });

  it("an answer that is not a list is said as such", async () => {
    handler = (_req, res) => answer(res, JSON.stringify({ message: "hello" }));
    const error = await failure(
      client().paginate("GET /repos/{owner}/{repo}/labels", { owner: "o", repo: "r" }),
    );
    expect(error.message).toBe("GitHub's answer to GET /repos/o/r/labels was not a list");
  });
});

describe("a malformed GraphQL body", () => {
  it.each([
    [
      "an HTML page",
      "text/html",
      "<html><body>502 Bad Gateway</body></html>",
      'not JSON (it begins "<html><body>502 Bad Gateway</body></html…")',
    ],
    [
      "JSON that is cut short",
      "application/json",
      '{"data": {"repos',
      'not JSON (it begins "{\\"data\\": {\\"repos")',
    ],
    [
      "JSON without data or errors",
      "application/json",
      '{"hello": "world"}',
      "a JSON object with neither data nor errors",
    ],
    ["JSON null", "application/json", "null", "not a JSON object"],
    ["data null and no errors", "application/json", '{"data": null}', "no data and no errors"],
  ])("%s: a GitHubError saying the answer was malformed", async (_, type, body, why) => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": type });
      res.end(body);
    };
    const error = await failure(client().graphql("query { viewer { login } }"));
    expect(error.message).toBe(`GitHub's GraphQL answer was malformed: ${why}`);
    expect(error.exitCode).toBe(3);
  });

  it("status against it: exit 3 and that one line, not 'Cannot read properties of undefined'", async () => {
    handler = (_req, res) => answer(res, '{"hello": "world"}');
    const dir = mkdtempSync(join(tmpdir(), "waku-pm-malformed-"));
    try {
      const config = join(dir, "labels.yaml");
      writeFileSync(config, "org: acme\npm_repo: pm\nlabels:\n  - name: epic\n    color: 07544b\n");
      const r = await runCli(["status", "--config", config], {
        env: { GITHUB_API_URL: base, GITHUB_TOKEN: TOKEN, WAKU_PM_RETRY_BASE_MS: "1" },
      });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(
        /^waku-pm: GitHub's GraphQL answer was malformed: a JSON object with neither data nor errors\n/,
      );
      expect(r.stderr).not.toContain("Cannot read properties");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
