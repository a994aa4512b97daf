/**
 * The HTTP cache's checks of what it reads back (issue 15, point 11), one by one: an ETag that
 * could smuggle a header, an entry for another URL, a file past the size bound, an older
 * waku-pm's entry. Each is a miss; the bad ones are reported, the old format quietly.
 */
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubClient } from "../../src/github/client.js";
import { type BadEntry, HttpCache } from "../../src/github/http-cache.js";

const TOKEN = "ghp_cache_checks_token";
const URL_A = "https://api.github.com/repos/o/r/labels?per_page=100";
const URL_B = "https://api.github.com/repos/o/other/labels?per_page=100";
const ENTRY = {
  etag: 'W/"abc123"',
  headers: { "content-type": "application/json; charset=utf-8" },
  body: '[{"name":"bug"}]',
};

let dir: string;
let bad: BadEntry[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "waku-pm-cache-checks-"));
  bad = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function cache(maxEntryBytes?: number): HttpCache {
  return new HttpCache(dir, TOKEN, {
    onBadEntry: (b) => bad.push(b),
    ...(maxEntryBytes ? { maxEntryBytes } : {}),
  });
}

describe("HttpCache", () => {
  it("reads back what it wrote", async () => {
    await cache().write(URL_A, ENTRY);
    expect(await cache().read(URL_A)).toEqual(ENTRY);
    expect(bad).toEqual([]);
  });

  it("an entry moved into another URL's file is a miss", async () => {
    const c = cache();
    await c.write(URL_A, ENTRY);
    renameSync(c.fileFor(URL_A), c.fileFor(URL_B));
    expect(await c.read(URL_B)).toBeUndefined();
    expect(bad.map((b) => b.reason)).toEqual(["the entry is for another URL"]);
  });

  it("a file past the size bound is not read", async () => {
    const c = cache(4096);
    writeFileSync(c.fileFor(URL_A), "x".repeat(5000));
    expect(await c.read(URL_A)).toBeUndefined();
    expect(bad.map((b) => b.reason)).toEqual(["larger than 4096 bytes"]);
    // …and an answer that would not fit is not written in the first place.
    bad = [];
    await c.write(URL_B, { ...ENTRY, body: JSON.stringify(["y".repeat(5000)]) });
    expect(await c.read(URL_B)).toBeUndefined();
    expect(bad).toEqual([]);
  });

  it("an older waku-pm's entry (no format, no checksum) is a quiet miss", async () => {
    const c = cache();
    writeFileSync(c.fileFor(URL_A), JSON.stringify(ENTRY));
    expect(await c.read(URL_A)).toBeUndefined();
    expect(bad).toEqual([]);
  });

  it("refuses to store an ETag or a header with a line break", async () => {
    const c = cache();
    await c.write(URL_A, { ...ENTRY, etag: 'W/"a"\r\nX-Injected: 1' });
    await c.write(URL_B, { ...ENTRY, headers: { link: '<https://x>; rel="next"\r\nX-Injected: 1' } });
    expect(await c.read(URL_A)).toBeUndefined();
    expect(await c.read(URL_B)).toBeUndefined();
  });
});

describe("the client with a tampered entry", () => {
  let server: ReturnType<typeof createServer>;
  let base: string;
  let received: IncomingHttpHeaders[];

  beforeEach(async () => {
    received = [];
    server = createServer((req, res) => {
      received.push(req.headers);
      if (req.headers["if-none-match"] === 'W/"v1"') {
        res.writeHead(304, { etag: 'W/"v1"' });
        res.end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json", etag: 'W/"v1"' });
      res.end(JSON.stringify([{ name: "bug" }]));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("an ETag rewritten to carry CR/LF is never sent: the read is unconditional, and it is said", async () => {
    const log: string[] = [];
    const client = () =>
      new GitHubClient({
        token: TOKEN,
        apiUrl: base,
        graphqlUrl: `${base}/graphql`,
        verbose: false,
        log: (line) => log.push(line),
        retryBaseMs: 1,
        cacheDir: dir,
      });
    const read = () =>
      client().paginate<{ name: string }>("GET /repos/{owner}/{repo}/labels", { owner: "o", repo: "r" });
    expect(await read()).toEqual([{ name: "bug" }]);
    const url = `${base}/repos/o/r/labels?per_page=100`;
    const file = new HttpCache(dir, TOKEN).fileFor(url);
    const stored = JSON.parse(readFileSync(file, "utf8")) as { etag: string };
    writeFileSync(file, JSON.stringify({ ...stored, etag: 'W/"v1"\r\nX-Injected: yes' }));

    expect(await read()).toEqual([{ name: "bug" }]);
    expect(received).toHaveLength(2);
    expect(received[1]?.["if-none-match"]).toBeUndefined();
    expect(received[1]?.["x-injected"]).toBeUndefined();
    expect(log).toEqual([expect.stringContaining("(the ETag is not a valid entity tag)")]);
  });
});
