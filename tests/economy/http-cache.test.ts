/**
 * The steady state (issue 7): a REST read repeated on unchanged data is answered 304 from the
 * on-disk cache, and the simulator, which charges like GitHub, takes no rate-limit point for it.
 *
 * And the cache is never trusted blindly (issue 15, point 11): entries rewritten to `[]` with
 * their ETags kept once made a `sync-labels --prune` delete 143 labels. A damaged entry, a FIFO or
 * a symlink to /dev/zero in its place is a miss (said once), never a wrong answer or a hang, and a
 * read can skip the cache altogether.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GitHubClient } from "../../src/github/client.js";
import { listLabels } from "../../src/github/labels.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import type { Seed } from "../../src/simulator/seed.js";
import { runCli } from "../helpers/cli.js";

const TOKEN = "ghp_cache_test_token";
const dirs: string[] = [];
let sim: Simulator | undefined;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "waku-pm-cache-test-"));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  if (sim) {
    expect(sim.violations).toEqual([]);
    await sim.close();
  }
  sim = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh client (a new process, as far as the cache knows) sharing one cache folder. */
function clientWithCache(s: Simulator, cacheDir: string, log: string[] = []): GitHubClient {
  return new GitHubClient({
    token: TOKEN,
    apiUrl: s.url,
    graphqlUrl: s.graphqlUrl,
    verbose: false,
    log: (line) => log.push(line),
    cacheDir,
  });
}

/** The cache's entry files (one per page read). */
function entries(cacheDir: string): string[] {
  return readdirSync(cacheDir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => join(cacheDir, f));
}

function seed(labelCount = 150): Seed {
  return {
    org: "acme",
    tokens: [TOKEN],
    repos: [
      {
        name: "app",
        // 150 labels by default: two pages, so the cache must replay the Link header too.
        labels: Array.from({ length: labelCount }, (_, i) => ({ name: `l${i}`, color: "ededed" })),
        issues: [
          { number: 1, title: "old", state: "closed", labels: ["l0"] },
          { number: 2, title: "new", state: "open", labels: ["l0", "l1"] },
        ],
      },
    ],
  };
}

describe("HTTP cache (ETag / If-None-Match)", () => {
  it("answers a repeated paginated read from the cache: 304s that cost no rate-limit point", async () => {
    sim = await startSimulator({ seed: seed() });
    const cacheDir = tempDir();
    const client = () => clientWithCache(sim!, cacheDir);

    const first = await listLabels(client(), "acme", "app");
    const firstLog = sim.log.splice(0);
    expect(firstLog.map((e) => [e.status, e.cost])).toEqual([
      [200, 1],
      [200, 1],
    ]);

    const second = client();
    const again = await listLabels(second, "acme", "app");
    expect(again).toEqual(first);
    expect(again).toHaveLength(150);
    expect(sim.log.map((e) => [e.status, e.cost])).toEqual([
      [304, 0],
      [304, 0],
    ]);
    expect(second.stats.notModified).toBe(2);
  });

  it("a changed answer is fetched again, not served stale", async () => {
    sim = await startSimulator({ seed: seed() });
    const cacheDir = tempDir();
    const client = () => clientWithCache(sim!, cacheDir);
    await listLabels(client(), "acme", "app");
    const repo = sim.state.repos.find((r) => r.name === "app")!;
    repo.labels.find((l) => l.name === "l0")!.color = "d73a4a";
    sim.log.splice(0);
    const labels = await listLabels(client(), "acme", "app");
    expect(labels.find((l) => l.name === "l0")?.color).toBe("d73a4a");
    expect(sim.log[0]).toMatchObject({ status: 200, cost: 1 });
  });

  it("a repeated `sync-labels --prune --check` spends no point on its REST reads", async () => {
    sim = await startSimulator({ seed: seed(4) });
    const config = join(tempDir(), "labels.yaml");
    // Only l1 is configured: l0 (carried by issues) and the rest are prune candidates, and
    // finding out who carries them is REST (`GET /repos/{o}/{r}/issues?labels=…`).
    writeFileSync(config, "org: acme\nlabels:\n  - name: l1\n    color: ededed\n");
    const env = { GITHUB_API_URL: sim.url, GITHUB_TOKEN: TOKEN, WAKU_PM_CACHE_DIR: tempDir() };
    const args = ["sync-labels", "--config", config, "--prune", "--check", "--json"];

    const first = await runCli(args, { env });
    expect(first.code).toBe(1);
    const firstRest = sim.log.splice(0).filter((e) => e.kind === "rest" && e.path !== "/rate_limit");
    expect(firstRest.length).toBeGreaterThan(0);
    expect(firstRest.every((e) => e.status === 200 && e.cost === 1)).toBe(true);

    const second = await runCli(args, { env });
    expect(second.code).toBe(1);
    expect(JSON.parse(second.stdout)).toEqual(JSON.parse(first.stdout));
    const secondRest = sim.log.filter((e) => e.kind === "rest" && e.path !== "/rate_limit");
    expect(secondRest.length).toBe(firstRest.length);
    expect(secondRest.every((e) => e.status === 304 && e.cost === 0)).toBe(true);
  });

  it("entries rewritten to [] with their ETags kept are not believed: GitHub is asked again, and it is said once", async () => {
    sim = await startSimulator({ seed: seed() });
    const cacheDir = tempDir();
    await listLabels(clientWithCache(sim, cacheDir), "acme", "app");
    const files = entries(cacheDir);
    expect(files).toHaveLength(2);
    for (const file of files) {
      const entry = JSON.parse(readFileSync(file, "utf8")) as { body: string };
      writeFileSync(file, JSON.stringify({ ...entry, body: "[]" }));
    }
    sim.log.splice(0);
    const log: string[] = [];
    const labels = await listLabels(clientWithCache(sim, cacheDir, log), "acme", "app");
    expect(labels).toHaveLength(150);
    // Both pages fetched whole (no If-None-Match was sent for a damaged entry).
    expect(sim.log.map((e) => [e.status, e.cost])).toEqual([
      [200, 1],
      [200, 1],
    ]);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(
      /^warning: ignored a damaged HTTP cache entry in .+ \(its checksum does not match: it was changed after waku-pm wrote it\); the answer was read from GitHub instead/,
    );
    expect(log[0]).toContain(cacheDir);
    // The fresh answers replaced the damaged entries: the next run is 304s again, without a word.
    sim.log.splice(0);
    const quiet: string[] = [];
    expect(await listLabels(clientWithCache(sim, cacheDir, quiet), "acme", "app")).toHaveLength(150);
    expect(sim.log.map((e) => e.status)).toEqual([304, 304]);
    expect(quiet).toEqual([]);
  });

  it("an entry that is not JSON, a FIFO or a symlink to /dev/zero is a miss, never a failure or a hang", async () => {
    sim = await startSimulator({ seed: seed() });
    const cacheDir = tempDir();
    await listLabels(clientWithCache(sim, cacheDir), "acme", "app");
    const [first, second] = entries(cacheDir) as [string, string];
    const cases: [string, (file: string) => void][] = [
      ["not JSON", (file) => writeFileSync(file, "<html>proxy error</html>")],
      ["not a regular file", (file) => execFileSync("mkfifo", [file])],
      ["a symbolic link", (file) => symlinkSync("/dev/zero", file)],
    ];
    for (const [reason, damage] of cases) {
      for (const file of [first, second]) {
        rmSync(file, { force: true });
        damage(file);
      }
      sim.log.splice(0);
      const log: string[] = [];
      expect(await listLabels(clientWithCache(sim, cacheDir, log), "acme", "app")).toHaveLength(150);
      expect(sim.log.map((e) => e.status)).toEqual([200, 200]);
      expect(log).toHaveLength(1);
      expect(log[0]).toContain(`(${reason})`);
    }
  });

  it("{ cache: false } asks GitHub unconditionally (the evidence before a delete), and refreshes the cache", async () => {
    sim = await startSimulator({ seed: seed() });
    const cacheDir = tempDir();
    const client = () => clientWithCache(sim!, cacheDir);
    await listLabels(client(), "acme", "app");
    sim.log.splice(0);
    const route = "GET /repos/{owner}/{repo}/labels";
    const params = { owner: "acme", repo: "app" };
    const fresh = await client().paginate<{ name: string }>(route, params, { cache: false });
    expect(fresh).toHaveLength(150);
    expect(sim.log.map((e) => [e.status, e.cost])).toEqual([
      [200, 1],
      [200, 1],
    ]);
    const one = await client().request("GET /repos/{owner}/{repo}/labels/{name}", { ...params, name: "l0" });
    expect(one.status).toBe(200);
    sim.log.splice(0);
    const again = await client().request(
      "GET /repos/{owner}/{repo}/labels/{name}",
      { ...params, name: "l0" },
      { cache: false },
    );
    expect(again.data).toMatchObject({ name: "l0" });
    expect(sim.log.map((e) => e.status)).toEqual([200]);
    // Without the option the same reads are 304s from the (refreshed) cache.
    sim.log.splice(0);
    await client().paginate(route, params);
    expect(sim.log.map((e) => e.status)).toEqual([304, 304]);
  });
});
