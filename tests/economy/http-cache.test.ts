/**
 * The steady state (issue 7): a REST read repeated on unchanged data is answered 304 from the
 * on-disk cache, and the simulator, which charges like GitHub, takes no rate-limit point for it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
function clientWithCache(s: Simulator, cacheDir: string): GitHubClient {
  return new GitHubClient({
    token: TOKEN,
    apiUrl: s.url,
    graphqlUrl: s.graphqlUrl,
    verbose: false,
    log: () => {},
    cacheDir,
  });
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
});
