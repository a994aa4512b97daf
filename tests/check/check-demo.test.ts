/**
 * On the demo organisation (waku-org as in late 2023, with real drift), `check`'s label drift must
 * be exactly what `sync-labels --check` plans: same repositories, same change objects.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoSeed } from "../../src/simulator/demo-seed.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { ROOT, runCli } from "../helpers/cli.js";

let sim: Simulator;
let env: Record<string, string>;

beforeAll(async () => {
  const seed = demoSeed();
  sim = await startSimulator({ seed });
  env = { GITHUB_API_URL: sim.url, GITHUB_TOKEN: seed.tokens[0] ?? "", WAKU_PM_RETRY_BASE_MS: "1" };
});

afterAll(async () => {
  await sim?.close();
});

interface RepoEntry {
  repo: string;
  status: string;
  changes: { status: string }[];
}

describe("check on the demo organisation", () => {
  it("reports the drift sync-labels --check plans, and only reads", async () => {
    // The repository's own labels.yaml is the demo organisation's config.
    const sync = await runCli(["sync-labels", "--check", "--json"], { cwd: ROOT, env });
    const check = await runCli(["check", "--json"], { cwd: ROOT, env });
    expect(sync.code, sync.stderr).toBe(1);
    expect(check.code, check.stderr).toBe(1);

    const planned = (JSON.parse(sync.stdout) as { repos: RepoEntry[] }).repos.filter(
      (r) => r.changes.length > 0,
    );
    const drift = (JSON.parse(check.stdout) as { drift: RepoEntry[] }).drift;
    expect(planned.length).toBeGreaterThan(0);
    expect(drift.map((d) => d.repo)).toEqual(planned.map((p) => p.repo));
    for (const [i, d] of drift.entries()) expect(d.changes).toEqual(planned[i]?.changes);
    expect(sim.log.filter((e) => e.write)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });
});
