/**
 * Issue 15, points 9 and 10: servers that misbehave below HTTP. A server that accepts and never
 * answers used to hang every command for about 41 minutes, silently; one that closes connections
 * as it accepts them made commands exit 13 with nothing printed (undici's fetch left pending as
 * the top-level await ended). Now every attempt has a deadline, a timeout is retried like a 5xx,
 * and giving up is one line naming the route, the host and the wait, exit 3.
 *
 * The simulator cannot misbehave this way, so these servers are plain node:net / node:http ones.
 * Counts of connections are asserted, never wall time.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GitHubError, InputError } from "../../src/errors.js";
import { FatalGitHubError, GitHubClient } from "../../src/github/client.js";
import { runCli } from "../helpers/cli.js";

const TOKEN = "ghp_timeout_test_token";
const servers: Server[] = [];
const sockets: Socket[] = [];
let log: string[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  log = [];
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * Accepts every connection, reads the request and never sends a byte. Counts the requests (the
 * connections that were sent one): undici may open a spare connection it never uses.
 */
async function silentServer(): Promise<{ host: string; requests: () => number }> {
  let count = 0;
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on("error", () => {});
    socket.once("data", () => count++);
  });
  return { host: await listen(server), requests: () => count };
}

/** Destroys every connection as soon as it is accepted. */
async function closingServer(): Promise<{ host: string; connections: () => number }> {
  let count = 0;
  const server = createServer((socket) => {
    count++;
    socket.destroy();
  });
  return { host: await listen(server), connections: () => count };
}

/** An HTTP server whose n-th request (from 1) is handled by `answer`. */
async function httpServer(
  answer: (n: number, req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ host: string; requests: () => number }> {
  let count = 0;
  const server = createHttpServer((req, res) => {
    count++;
    sockets.push(req.socket);
    answer(count, req, res);
  });
  return { host: await listen(server), requests: () => count };
}

function client(host: string, extra: Partial<ConstructorParameters<typeof GitHubClient>[0]> = {}) {
  return new GitHubClient({
    token: TOKEN,
    apiUrl: `http://${host}`,
    graphqlUrl: `http://${host}/graphql`,
    verbose: false,
    log: (line) => log.push(line),
    retryBaseMs: 1,
    writeIntervalMs: 0,
    env: {},
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<GitHubError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GitHubError);
  return error as GitHubError;
}

const GET_REPO = ["GET /repos/{owner}/{repo}", { owner: "waku-org", repo: "nwaku" }] as const;

describe("request deadlines", () => {
  it("a server that never answers: each attempt times out, is retried, then one line names route, host and wait", async () => {
    const server = await silentServer();
    const error = await failure(client(server.host, { timeoutMs: 200 }).request(...GET_REPO));
    expect(error.message).toBe(
      `no answer from ${server.host} to GET /repos/waku-org/nwaku within 0.2 s (4 attempts)`,
    );
    expect(error.exitCode).toBe(3);
    expect(error.hint).toContain("WAKU_PM_TIMEOUT_MS");
    // Another request would wait just as long: callers that report and go on stop instead.
    expect(error).toBeInstanceOf(FatalGitHubError);
    // Bounded: the first attempt and three retries, each on a fresh connection.
    expect(server.requests()).toBe(4);
    // Without --verbose the error is the only word.
    expect(log).toEqual([]);
  });

  it("with --verbose, every attempt that ran out of time is said, with the host and the deadline", async () => {
    const server = await silentServer();
    await failure(
      client(server.host, { timeoutMs: 150, verbose: true }).graphql("query { viewer { login } }"),
    );
    const waits = log.filter((l) => l.includes(`no answer from ${server.host} within 0.15 s`));
    expect(waits).toHaveLength(4);
    expect(waits[0]).toMatch(/^POST \/graphql → no answer from /);
  });

  it("WAKU_PM_TIMEOUT_MS sets the deadline; a value that is not a number of milliseconds is refused", async () => {
    const server = await silentServer();
    const error = await failure(
      client(server.host, { env: { WAKU_PM_TIMEOUT_MS: "120" } }).request(...GET_REPO),
    );
    expect(error.message).toContain("within 0.12 s");
    expect(() => client(server.host, { env: { WAKU_PM_TIMEOUT_MS: "soon" } })).toThrow(InputError);
    expect(() => client(server.host, { env: { WAKU_PM_TIMEOUT_MS: "0" } })).toThrow(
      /WAKU_PM_TIMEOUT_MS must be a whole number of milliseconds above 0/,
    );
  });

  it("the deadline covers the body: headers and then silence is a timeout, retried until an answer comes", async () => {
    const server = await httpServer((n, _req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      if (n < 3)
        res.write('{"name": "nw'); // …and nothing more
      else res.end(JSON.stringify({ name: "nwaku" }));
    });
    const res = await client(server.host, { timeoutMs: 200 }).request<{ name: string }>(...GET_REPO);
    expect(res.data).toEqual({ name: "nwaku" });
    expect(server.requests()).toBe(3);
  });

  it("a body cut short is a retried failure, never half an answer taken for the whole", async () => {
    const server = await httpServer((n, _req, res) => {
      const body = JSON.stringify([{ name: "bug" }, { name: "enhancement" }]);
      if (n === 1) {
        // Promise the whole body, send part of it, hang up.
        res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) });
        res.write(body.slice(0, 10));
        // Let the headers and the first bytes arrive before hanging up.
        setTimeout(() => res.socket?.destroy(), 50);
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    });
    const labels = await client(server.host).paginate<{ name: string }>("GET /repos/{owner}/{repo}/labels", {
      owner: "waku-org",
      repo: "nwaku",
    });
    expect(labels.map((l) => l.name)).toEqual(["bug", "enhancement"]);
    expect(server.requests()).toBe(2);
  });

  it("writes have their own, longer deadline", async () => {
    // Every answer takes a while: too long for a read's deadline, not for a write's.
    const server = await httpServer((_n, _req, res) => {
      setTimeout(() => {
        res.writeHead(201, { "content-type": "application/json" });
        res.end("{}");
      }, 300);
    });
    const c = client(server.host, { timeoutMs: 100, writeTimeoutMs: 10_000 });
    await failure(c.request(...GET_REPO));
    expect(server.requests()).toBe(4);
    await c.request("POST /repos/{owner}/{repo}/labels", { owner: "o", repo: "r", name: "bug" });
    expect(server.requests()).toBe(5);
  });
});

describe("the CLI against servers that misbehave below HTTP", () => {
  let files: { labels: string; status: string };
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "waku-pm-timeouts-"));
    files = { labels: join(dir, "labels.yaml"), status: join(dir, "status.yaml") };
    writeFileSync(files.labels, "org: acme\nlabels:\n  - name: bug\n    color: d73a4a\n");
    writeFileSync(files.status, "org: acme\npm_repo: pm\nlabels:\n  - name: epic\n    color: 07544b\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function run(host: string, args: string[]) {
    return runCli(args, {
      env: {
        GITHUB_API_URL: `http://${host}`,
        GITHUB_TOKEN: TOKEN,
        WAKU_PM_RETRY_BASE_MS: "1",
        WAKU_PM_TIMEOUT_MS: "300",
      },
    });
  }

  it("a server that accepts and never answers: exit 3 with one line naming route, host and wait", async () => {
    const server = await silentServer();
    for (const args of [
      ["sync-labels", "--check", "--config", files.labels],
      ["status", "--config", files.status],
    ]) {
      const before = server.requests();
      const r = await run(server.host, args);
      expect(r.code, r.stderr).toBe(3);
      const [first, ...rest] = r.stderr.trimEnd().split("\n");
      expect(first).toMatch(
        new RegExp(
          `^waku-pm: no answer from ${server.host} to (GET|POST) \\S+.* within 0\\.3 s \\(4 attempts\\)$`,
        ),
      );
      // The one line and its hint, nothing else.
      expect(rest).toHaveLength(1);
      expect(server.requests() - before).toBe(4);
    }
  });

  it("a server that closes every connection on accept: exit 3 naming the host, not exit 13 and silence", async () => {
    const server = await closingServer();
    for (const args of [
      ["sync-labels", "--check", "--config", files.labels],
      ["status", "--config", files.status],
      ["status", "--config", files.status, "--verbose"],
    ]) {
      const r = await run(server.host, args);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(3);
      const last = r.stderr
        .trimEnd()
        .split("\n")
        .filter((l) => l.startsWith("waku-pm: "));
      expect(last).toHaveLength(1);
      expect(last[0]).toMatch(new RegExp(`^waku-pm: (could not reach|no answer from) ${server.host}\\b`));
    }
  });
});
