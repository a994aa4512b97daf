/**
 * Request economy (issue 7): GitHub's rate limits, not CPU, limit this tool (5,000 requests an hour
 * per token, 1,000 for an Actions token). `check` and `sync-labels` read every repository's labels
 * in ⌈R/100⌉ GraphQL documents instead of R + 1 REST requests. These tests run the built CLI against
 * the simulator and count its request log: exact counts (the runs are deterministic), checked
 * against the acceptance bounds (18 repositories: at most 3; 500: at most 22).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { validateConfigText } from "../../src/config/index.js";
import { generateOrg } from "../../src/simulator/generate-org.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import type { Seed, SeedLabel } from "../../src/simulator/seed.js";
import { findLabel, findRepo } from "../../src/simulator/state.js";
import { type CliResult, runCli } from "../helpers/cli.js";

/** The repository's own config: waku-org's 59 labels and its 18 repositories, by name. */
const ROOT_CONFIG = fileURLToPath(new URL("../../labels.yaml", import.meta.url));
/** The real waku-org/pm label file: a bare list, so every repository of the organisation is selected. */
const BARE_CONFIG = fileURLToPath(new URL("../fixtures/waku-org-pm-labels.yaml", import.meta.url));
const TOKEN = "ghp_economy_test_token";

function configOf(file: string) {
  const config = validateConfigText(readFileSync(file, "utf8"), file).config;
  if (!config) throw new Error(`${file} must be a valid config`);
  return config;
}

function seedLabels(file: string): SeedLabel[] {
  return configOf(file).labels.map((l) => ({
    name: l.name,
    color: l.color,
    description: l.description ?? null,
  }));
}

let sim: Simulator | undefined;

afterEach(async () => {
  if (sim) {
    expect(sim.violations).toEqual([]);
    expect(sim.log.filter((e) => e.write)).toEqual([]);
    await sim.close();
  }
  sim = undefined;
});

function run(s: Simulator, args: string[]): Promise<CliResult> {
  return runCli(args, {
    env: { GITHUB_API_URL: s.url, GITHUB_TOKEN: TOKEN, WAKU_PM_RETRY_BASE_MS: "1" },
  });
}

function jsonOf<T>(r: CliResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
}

interface CheckJson {
  ok: boolean;
  drift: { repo: string; status: string; changes: { action: string; name: string }[] }[];
  checked: { repositories: number; skipped: { repo: string; reason: string }[]; epics: number };
}

interface SyncJson {
  repos: { repo: string; status: string; changes: unknown[] }[];
}

/**
 * waku-org as the config names it: its 18 repositories, each with exactly the config's 59 labels,
 * and pm with milestones and one epic per epic label (consistent), plus tasks and updates.
 */
function wakuOrgInSync(): Seed {
  const config = configOf(ROOT_CONFIG);
  const names = config.repos.include.filter((n) => n !== config.pmRepo);
  const seed = generateOrg({
    repos: names.length + 1,
    labels: seedLabels(ROOT_CONFIG),
    org: "waku-org",
    pmRepo: config.pmRepo,
    tasksPerRepo: 2,
    tokens: [TOKEN],
  });
  // generateOrg names them pm, repo-01, …: give them waku-org's names (they hold no references).
  for (const [i, name] of names.entries()) {
    const repo = seed.repos[i + 1];
    if (repo) repo.name = name;
  }
  return seed;
}

describe("check and sync-labels on waku-org's 18 repositories", () => {
  it("check in sync: 1 GraphQL document (labels, milestones and epics together), exit 0; drift costs no more", async () => {
    const seed = wakuOrgInSync();
    expect(seed.repos).toHaveLength(18);
    expect(seed.repos.every((r) => r.labels.length >= 59)).toBe(true);
    const s = await startSimulator({ seed });
    sim = s;

    const r = await run(s, ["check", "--config", ROOT_CONFIG, "--verbose"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toMatch(
      /^✓ consistent: 18 repositories match labels\.yaml, 28 epics tracked/,
    );
    // The repositories with their labels in one document, milestones and epics in another.
    expect(s.log.map((e) => `${e.kind} ${e.status}`)).toEqual(["graphql 200"]);
    expect(r.stderr).toContain("requests: 0 REST (0 cached), 1 GraphQL, 0 writes");

    // The same two documents find a drifted label: every repository's labels really were read.
    const label = findLabel(findRepo(s.state, "waku-rust-bindings")!, "E:1.2: Autosharding for autoscaling");
    expect(label).toBeDefined();
    if (label) label.color = "ffffff";
    s.clearLog();
    const drifted = jsonOf<CheckJson>(await run(s, ["check", "--config", ROOT_CONFIG, "--json"]));
    expect(drifted.ok).toBe(false);
    expect(drifted.drift.map((d) => [d.repo, d.changes.map((c) => `${c.action} ${c.name}`)])).toEqual([
      ["waku-org/waku-rust-bindings", ["update E:1.2: Autosharding for autoscaling"]],
    ]);
    expect(s.log).toHaveLength(1);
  });

  it("sync-labels --check in sync: 1 GraphQL document, exit 0, every repository ok", async () => {
    const s = await startSimulator({ seed: wakuOrgInSync() });
    sim = s;
    const r = await run(s, ["sync-labels", "--check", "--config", ROOT_CONFIG, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const json = jsonOf<SyncJson>(r);
    expect(json.repos).toHaveLength(18);
    expect(json.repos.every((x) => x.status === "ok" && x.changes.length === 0)).toBe(true);
    expect(s.log.map((e) => e.kind)).toEqual(["graphql"]);
  });
});

describe("check and sync-labels on 500 repositories", () => {
  it("check in sync: 5 GraphQL documents (one per 100 repositories, the epics riding in the first), exit 0; sync-labels --check: 5", async () => {
    const seed = generateOrg({
      repos: 500,
      labels: seedLabels(BARE_CONFIG),
      org: "bench-org",
      tasksPerRepo: 1,
      weeks: 1,
      tokens: [TOKEN],
    });
    const s = await startSimulator({ seed });
    sim = s;
    const args = ["--config", BARE_CONFIG, "--org", "bench-org"];

    const r = await run(s, ["check", ...args, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const json = jsonOf<CheckJson>(r);
    expect(json.checked.repositories).toBe(500);
    // One document per 100 repositories with their labels; the milestones and epics ride in the first.
    expect(s.log.map((e) => e.kind)).toEqual(Array.from({ length: 5 }, () => "graphql"));
    // About a point per document (100 repositories × 100 labels is 101 connections to fill).
    // The first also carries the milestones and epics of pm (3 points); the others a point or two.
    expect(s.log.every((e) => e.cost >= 1 && e.cost <= 3)).toBe(true);
    expect(s.log.reduce((sum, e) => sum + e.cost, 0)).toBeLessThanOrEqual(8);

    s.clearLog();
    const sync = await run(s, ["sync-labels", "--check", ...args, "--json"]);
    expect(sync.code, sync.stderr).toBe(0);
    expect(jsonOf<SyncJson>(sync).repos).toHaveLength(500);
    expect(s.log.map((e) => [e.kind, e.cost])).toEqual(Array.from({ length: 5 }, () => ["graphql", 1]));

    // A drifted label in the 438th repository is found by the same 5 documents.
    const label = findLabel(findRepo(s.state, "repo-437")!, "bug");
    if (label) label.description = "changed";
    s.clearLog();
    const drifted = await run(s, ["sync-labels", "--check", ...args, "--json"]);
    expect(drifted.code).toBe(1);
    expect(
      jsonOf<SyncJson>(drifted)
        .repos.filter((x) => x.changes.length > 0)
        .map((x) => x.repo),
    ).toEqual(["bench-org/repo-437"]);
    expect(s.log).toHaveLength(5);
  }, 30_000);
});

describe("what the batched read must not lose", () => {
  it("a repository with 150 labels is read in full in one extra document", async () => {
    const labels = seedLabels(BARE_CONFIG);
    const extra: SeedLabel[] = Array.from({ length: 91 }, (_, i) => ({
      name: `area-${String(i).padStart(2, "0")}`,
      color: "c5def5",
    }));
    // The config's labels after the 91 extra ones: the last 50 are only on the second page, and
    // one of them has drifted, so a reader that stopped at 100 labels would plan 50 creates.
    const last = labels.at(-1) as SeedLabel;
    const wide = [...extra, ...labels.slice(0, -1), { ...last, color: "000000" }];
    expect(wide).toHaveLength(150);
    const s = await startSimulator({
      seed: {
        org: "waku-org",
        tokens: [TOKEN],
        repos: [
          { name: "pm", labels },
          { name: "nwaku", labels: wide },
        ],
      },
    });
    sim = s;
    const r = await run(s, [
      "sync-labels",
      "--check",
      "--config",
      BARE_CONFIG,
      "--org",
      "waku-org",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(1);
    const json = jsonOf<SyncJson>(r);
    expect(json.repos.find((x) => x.repo === "waku-org/nwaku")?.changes).toEqual([
      expect.objectContaining({ action: "update", name: last.name, color: last.color }),
    ]);
    expect(json.repos.find((x) => x.repo === "waku-org/pm")?.changes).toEqual([]);
    expect(s.log.map((e) => e.kind)).toEqual(["graphql", "graphql"]);
  });

  it("an archived repository and a fork are still listed, and skipped as before", async () => {
    const labels = seedLabels(BARE_CONFIG);
    const s = await startSimulator({
      seed: {
        org: "waku-org",
        tokens: [TOKEN],
        repos: [
          { name: "pm", labels },
          { name: "nwaku", labels },
          { name: "waku-legacy", archived: true, labels: [] },
          { name: "nim-libp2p", fork: true, labels: [] },
        ],
      },
    });
    sim = s;
    const args = ["--config", BARE_CONFIG, "--org", "waku-org", "--json"];
    const sync = await run(s, ["sync-labels", "--check", ...args]);
    expect(sync.code, sync.stderr).toBe(0);
    expect(jsonOf<SyncJson>(sync).repos.map((x) => [x.repo, x.status])).toEqual([
      ["waku-org/nim-libp2p", "skipped"],
      ["waku-org/nwaku", "ok"],
      ["waku-org/pm", "ok"],
      ["waku-org/waku-legacy", "skipped"],
    ]);
    const check = await run(s, ["check", ...args]);
    expect(check.code, check.stderr).toBe(0);
    const json = jsonOf<CheckJson>(check);
    expect(json.checked.repositories).toBe(2);
    expect(json.checked.skipped).toEqual([
      { repo: "waku-org/nim-libp2p", reason: "fork" },
      { repo: "waku-org/waku-legacy", reason: "archived" },
    ]);
    // sync-labels: one document; check: one for the labels, the milestones and the epics.
    expect(s.log.map((e) => e.kind)).toEqual(["graphql", "graphql"]);
  });
});
