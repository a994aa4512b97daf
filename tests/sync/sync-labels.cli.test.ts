/**
 * sync-labels end to end: the built CLI as a subprocess against the GitHub simulator. Every test
 * checks what a user would notice — the labels and their issues afterwards, the exit code, the
 * output — and the request log (counts of requests and writes). The simulator's OpenAPI violations
 * must stay empty.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { GITHUB_DEFAULT_LABELS } from "../../src/simulator/demo-seed.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import type { Seed, SeedIssue, SeedLabel, SeedRepo } from "../../src/simulator/seed.js";
import { findLabel, findRepo, issueLabels } from "../../src/simulator/state.js";
import { BIN, type CliResult, ROOT, runCli } from "../helpers/cli.js";

const TOKEN = "ghp_SECRET_canary_123";
const CONFIG = fileURLToPath(new URL("../fixtures/sync/labels.yaml", import.meta.url));
const PM_ONLY = fileURLToPath(new URL("../fixtures/sync/pm-only.yaml", import.meta.url));

/** What the config in labels.yaml asks for, as a repository should end up. */
const WANTED = [
  { name: "bug", color: "d73a4a", description: "Something isn't working" },
  { name: "documentation", color: "0075ca", description: "Improvements or additions to documentation" },
  { name: "enhancement", color: "a2eeef", description: "New feature or request" },
  {
    name: "E:PostgreSQL",
    color: "35dccc",
    description: "See https://github.com/waku-org/pm/issues/97 for details",
  },
  {
    name: "track: 100% a/b?",
    color: "5319e7",
    description: "Names with space, colon, percent, slash and question mark",
  },
  { name: "🚀 launch", color: "fbca04", description: "Emoji in the name" },
];

/** GitHub's default labels, as a new repository has them (copies: seeds take mutable arrays). */
const GITHUB_DEFAULTS: SeedLabel[] = GITHUB_DEFAULT_LABELS.map((l) => ({ ...l }));

/** Labels exactly as the config wants them (a repository already in sync). */
const IN_SYNC: SeedLabel[] = WANTED.map((l) => ({ ...l }));

function seed(repos: SeedRepo[]): Seed {
  return { org: "waku-org", tokens: [TOKEN], repos };
}

function issue(number: number, labels: string[], extra: Partial<SeedIssue> = {}): SeedIssue {
  return { number, title: `issue ${number}`, state: "open", labels, ...extra };
}

let sim: Simulator | undefined;
/** The HTTP cache of these runs, away from the real home directory. */
const CACHE_DIR = mkdtempSync(join(tmpdir(), "waku-pm-sync-cache-"));

afterAll(() => {
  rmSync(CACHE_DIR, { recursive: true, force: true });
});

async function start(repos: SeedRepo[]): Promise<Simulator> {
  sim = await startSimulator({ seed: seed(repos) });
  return sim;
}

afterEach(async () => {
  if (sim) {
    expect(sim.violations).toEqual([]);
    await sim.close();
    sim = undefined;
  }
});

function sync(
  s: Simulator,
  args: string[],
  options: { config?: string; token?: string } = {},
): Promise<CliResult> {
  return runCli(
    [
      "sync-labels",
      "--config",
      options.config ?? CONFIG,
      "--api-url",
      s.url,
      "--write-interval",
      "0",
      ...args,
    ],
    {
      env: { GITHUB_TOKEN: options.token ?? TOKEN, WAKU_PM_RETRY_BASE_MS: "1", WAKU_PM_CACHE_DIR: CACHE_DIR },
    },
  );
}

async function syncJson(s: Simulator, args: string[], options: { config?: string } = {}) {
  const r = await sync(s, ["--json", ...args], options);
  let json: SyncJson | undefined;
  try {
    json = JSON.parse(r.stdout) as SyncJson;
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  return { ...r, json };
}

interface SyncJson {
  version: number;
  org: string;
  dry_run: boolean;
  repos: {
    repo: string;
    status: string;
    error?: string;
    changes: { action: string; name: string; from?: string; status: string; error?: string }[];
  }[];
  summary: Record<string, number>;
}

function labelsOf(s: Simulator, repo: string) {
  const r = findRepo(s.state, repo);
  if (!r) throw new Error(`no repo ${repo}`);
  return r.labels.map((l) => ({
    name: l.name,
    color: l.color.toLowerCase(),
    description: l.description ?? "",
  }));
}

function labelsOnIssue(s: Simulator, repo: string, number: number): string[] {
  const r = findRepo(s.state, repo)!;
  const i = r.issues.find((x) => x.number === number)!;
  return issueLabels(r, i).map((l) => l.name);
}

function writes(s: Simulator) {
  return s.log.filter((e) => e.write);
}

function expectMatchesConfig(s: Simulator, repo: string): void {
  const labels = labelsOf(s, repo);
  for (const want of WANTED) expect(labels).toContainEqual(want);
}

describe("sync-labels against the simulator", () => {
  it("first sync into a repository with GitHub's defaults creates and fixes what it must; a second run writes nothing", async () => {
    const s = await start([
      {
        name: "nwaku",
        labels: [
          ...GITHUB_DEFAULTS.filter((l) => l.name !== "bug"),
          { name: "bug", color: "EE0701", description: null },
        ],
      },
    ]);
    const first = await syncJson(s, []);
    expect(first.code).toBe(0);
    const changes = first.json?.repos[0]?.changes.map((c) => [c.action, c.name, c.status]);
    expect(changes).toEqual([
      ["update", "bug", "applied"],
      ["create", "E:PostgreSQL", "applied"],
      ["create", "track: 100% a/b?", "applied"],
      ["create", "🚀 launch", "applied"],
    ]);
    expect(writes(s)).toHaveLength(4);
    expectMatchesConfig(s, "nwaku");
    // Not in the config, no --prune: left alone.
    expect(labelsOf(s, "nwaku").map((l) => l.name)).toContain("wontfix");

    s.clearLog();
    const second = await sync(s, []);
    expect(second.code).toBe(0);
    expect(writes(s)).toEqual([]);
    expect(second.stdout).toContain("1 repository: 0 changed, 1 in sync");
    const check = await sync(s, ["--check"]);
    expect(check.code).toBe(0);
  });

  it("renames an alias in place: every open and closed issue and pull request keeps the label", async () => {
    const s = await start([
      {
        name: "pm",
        labels: [
          ...IN_SYNC.filter((l) => l.name !== "E:PostgreSQL" && !l.name.startsWith("track")),
          { name: "E:Postgres", color: "35dccc" },
          // An old name that only travels in a URL path when encoded (`#`).
          {
            name: "old #track",
            color: "5319e7",
            description: "Names with space, colon, percent, slash and question mark",
          },
        ],
        issues: [
          issue(1, ["E:Postgres"]),
          issue(2, ["E:Postgres", "bug"], { state: "closed" }),
          issue(3, ["E:Postgres"], { pull_request: true }),
          issue(4, ["E:Postgres", "old #track"], { pull_request: true, state: "closed" }),
        ],
      },
    ]);
    const r = await syncJson(s, []);
    expect(r.code).toBe(0);
    expect(r.json?.repos[0]?.changes).toEqual([
      {
        action: "rename",
        name: "E:PostgreSQL",
        from: "E:Postgres",
        color: "35dccc",
        description: "See https://github.com/waku-org/pm/issues/97 for details",
        status: "applied",
      },
      {
        action: "rename",
        name: "track: 100% a/b?",
        from: "old #track",
        color: "5319e7",
        description: "Names with space, colon, percent, slash and question mark",
        status: "applied",
      },
    ]);
    expect(writes(s).map((w) => [w.method, w.path])).toEqual([
      ["PATCH", "/repos/waku-org/pm/labels/E:Postgres"],
      ["PATCH", "/repos/waku-org/pm/labels/old #track"],
    ]);
    for (const n of [1, 2, 3, 4]) expect(labelsOnIssue(s, "pm", n)).toContain("E:PostgreSQL");
    expect(labelsOnIssue(s, "pm", 4)).toContain("track: 100% a/b?");
    expect(labelsOf(s, "pm").map((l) => l.name)).not.toContain("E:Postgres");
    expectMatchesConfig(s, "pm");
    s.clearLog();
    expect((await sync(s, ["--check"])).code).toBe(0);
  });

  it("BUG → bug is a rename (one PATCH), not a create", async () => {
    const s = await start([
      {
        name: "pm",
        labels: [
          ...IN_SYNC.filter((l) => l.name !== "bug"),
          { name: "BUG", color: "d73a4a", description: "Something isn't working" },
        ],
        issues: [issue(1, ["BUG"], { state: "closed" })],
      },
    ]);
    const r = await syncJson(s, []);
    expect(r.code).toBe(0);
    expect(r.json?.repos[0]?.changes.map((c) => [c.action, c.name, c.from])).toEqual([
      ["rename", "bug", "BUG"],
    ]);
    expect(writes(s)).toHaveLength(1);
    expect(labelsOnIssue(s, "pm", 1)).toEqual(["bug"]);
  });

  it("merges an alias into an existing label: every association kept, then the alias deleted", async () => {
    const s = await start([
      {
        name: "pm",
        labels: [...IN_SYNC, { name: "type: bug", color: "ffffff" }],
        issues: [
          issue(1, ["type: bug"]),
          issue(2, ["type: bug"], { state: "closed" }),
          issue(3, ["type: bug", "bug"], { pull_request: true }),
          issue(4, ["bug"]),
          issue(5, ["type: bug", "documentation"], { pull_request: true, state: "closed" }),
          issue(6, ["documentation"]),
        ],
      },
    ]);
    const r = await syncJson(s, []);
    expect(r.code).toBe(0);
    expect(r.json?.repos[0]?.changes).toEqual([
      { action: "merge", name: "bug", from: "type: bug", status: "applied" },
    ]);
    // Three issues lacked "bug": three additions, then one delete. Nothing else.
    expect(writes(s).map((w) => w.method)).toEqual(["POST", "POST", "POST", "DELETE"]);
    for (const n of [1, 2, 3, 4]) expect(labelsOnIssue(s, "pm", n)).toContain("bug");
    expect(labelsOnIssue(s, "pm", 5).sort()).toEqual(["bug", "documentation"]);
    expect(labelsOnIssue(s, "pm", 6)).toEqual(["documentation"]);
    expect(labelsOf(s, "pm").map((l) => l.name)).not.toContain("type: bug");
    s.clearLog();
    expect((await sync(s, ["--check"])).code).toBe(0);
  });

  it("never merges into a label whose rename failed (GitHub would create it grey); a re-run does both", async () => {
    const s = await start([
      {
        name: "pm",
        labels: [
          ...IN_SYNC.filter((l) => l.name !== "E:PostgreSQL"),
          { name: "E:Postgres", color: "35dccc" },
          { name: "E:PG", color: "35dccc" },
        ],
        issues: [issue(1, ["E:Postgres"]), issue(2, ["E:PG"], { state: "closed" })],
      },
    ]);
    // The first attempt and all three retries of the rename fail.
    s.injectFault({
      kind: "server-error",
      method: "PATCH",
      path: "/repos/waku-org/pm/labels/E:Postgres",
      times: 4,
    });
    const r = await syncJson(s, []);
    expect(r.code).toBe(3);
    expect(r.json?.repos[0]?.changes.map((c) => [c.action, c.from, c.status])).toEqual([
      ["rename", "E:Postgres", "failed"],
      ["merge", "E:PG", "failed"],
    ]);
    expect(r.json?.repos[0]?.changes[1]?.error).toContain("not attempted");
    expect(writes(s).filter((w) => w.method !== "PATCH")).toEqual([]);
    expect(labelsOnIssue(s, "pm", 1)).toEqual(["E:Postgres"]);
    expect(labelsOnIssue(s, "pm", 2)).toEqual(["E:PG"]);

    const again = await sync(s, []);
    expect(again.code).toBe(0);
    expect(labelsOnIssue(s, "pm", 1)).toEqual(["E:PostgreSQL"]);
    expect(labelsOnIssue(s, "pm", 2)).toEqual(["E:PostgreSQL"]);
    expect(
      labelsOf(s, "pm")
        .map((l) => l.name)
        .filter((n) => n.startsWith("E:")),
    ).toEqual(["E:PostgreSQL"]);
  });

  it("deletes nothing without --prune; --prune deletes unused labels but keeps one in use unless --force", async () => {
    const s = await start([
      {
        name: "pm",
        labels: [...IN_SYNC, { name: "wontfix", color: "ffffff" }, { name: "question", color: "d876e3" }],
        issues: [issue(1, ["question"], { state: "closed" })],
      },
    ]);
    const plain = await syncJson(s, []);
    expect(plain.json?.repos[0]?.changes).toEqual([]);
    expect(writes(s)).toEqual([]);

    const pruned = await syncJson(s, ["--prune"]);
    expect(pruned.code).toBe(0);
    expect(pruned.json?.repos[0]?.changes.map((c) => [c.action, c.name, c.status])).toEqual([
      ["delete", "wontfix", "applied"],
      ["keep-in-use", "question", "applied"],
    ]);
    expect(labelsOf(s, "pm").map((l) => l.name)).toContain("question");
    expect(labelsOf(s, "pm").map((l) => l.name)).not.toContain("wontfix");
    expect(labelsOnIssue(s, "pm", 1)).toEqual(["question"]);

    const forced = await syncJson(s, ["--prune", "--force"]);
    expect(forced.code).toBe(0);
    expect(forced.json?.repos[0]?.changes.map((c) => [c.action, c.name])).toEqual([["delete", "question"]]);
    expect(labelsOf(s, "pm").map((l) => l.name)).not.toContain("question");
  });

  it("reads a repository with more than 100 labels in full", async () => {
    const extra: SeedLabel[] = Array.from({ length: 140 }, (_, i) => ({
      name: `area-${String(i).padStart(3, "0")}`,
      color: "c5def5",
    }));
    const s = await start([{ name: "pm", labels: [...extra, ...IN_SYNC] }]);
    const r = await syncJson(s, ["--check"]);
    expect(r.code).toBe(0);
    expect(r.json?.repos[0]?.changes).toEqual([]);
    // The listing document brings the first 100 labels; one follow-up document the other 46.
    expect(s.log.map((e) => [e.kind, e.method, e.path])).toEqual([
      ["graphql", "POST", "/graphql"],
      ["graphql", "POST", "/graphql"],
    ]);
  });

  it("never writes to archived repositories or forks; they are reported as skipped", async () => {
    const s = await start([
      { name: "nwaku", labels: GITHUB_DEFAULTS },
      { name: "attic", archived: true, labels: GITHUB_DEFAULTS },
      { name: "forked", fork: true, labels: GITHUB_DEFAULTS },
    ]);
    const r = await syncJson(s, []);
    expect(r.code).toBe(0);
    expect(r.json?.repos.map((x) => [x.repo, x.status])).toEqual([
      ["waku-org/attic", "skipped"],
      ["waku-org/forked", "skipped"],
      ["waku-org/nwaku", "ok"],
    ]);
    expect(writes(s).every((w) => w.path.startsWith("/repos/waku-org/nwaku/"))).toBe(true);
    expect(writes(s).length).toBeGreaterThan(0);
    const text = await sync(s, ["--dry-run"]);
    expect(text.stdout).toContain(
      "3 repositories: 0 would change, 1 in sync, 2 skipped (1 archived, 1 fork)",
    );
  });

  it("a drifted colour makes --check exit 1, naming the repository and label in the JSON; nothing is written", async () => {
    const s = await start([
      {
        name: "nwaku",
        labels: IN_SYNC.map((l) => (l.name === "documentation" ? { ...l, color: "000000" } : l)),
      },
      { name: "js-waku", labels: IN_SYNC },
    ]);
    const r = await syncJson(s, ["--check"]);
    expect(r.code).toBe(1);
    expect(r.json?.dry_run).toBe(true);
    const nwaku = r.json?.repos.find((x) => x.repo === "waku-org/nwaku");
    expect(nwaku?.changes).toEqual([
      {
        action: "update",
        name: "documentation",
        color: "0075ca",
        description: "Improvements or additions to documentation",
        status: "planned",
      },
    ]);
    expect(r.json?.repos.find((x) => x.repo === "waku-org/js-waku")?.changes).toEqual([]);
    expect(writes(s)).toEqual([]);
    const text = await sync(s, ["--check"]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("waku-org/nwaku: 1 change");
    expect(text.stdout).toContain("color 000000 → 0075ca");
  });

  it("R repositories in sync cost one GraphQL document, run after run; each change costs exactly its writes", async () => {
    const names = ["a", "b", "c", "d", "e"];
    const s = await start(names.map((name) => ({ name, labels: IN_SYNC })));
    const r = await sync(s, ["--verbose"]);
    expect(r.code).toBe(0);
    expect(s.log.map((e) => [e.kind, e.status, e.cost])).toEqual([["graphql", 200, 1]]);
    expect(r.stderr).toContain("requests: 0 REST (0 cached), 1 GraphQL, 0 writes");

    // Again: GraphQL has no conditional requests, so the second run is the same single document.
    s.clearLog();
    const again = await sync(s, ["--verbose"]);
    expect(again.code).toBe(0);
    expect(s.log.map((e) => [e.kind, e.status, e.cost])).toEqual([["graphql", 200, 1]]);
    s.clearLog();
    expect((await sync(s, ["--no-cache"])).code).toBe(0);
    expect(s.log.map((e) => e.kind)).toEqual(["graphql"]);

    // Drift in two repositories: one create there, one update here.
    findRepo(s.state, "b")!.labels = findRepo(s.state, "b")!.labels.filter((l) => l.name !== "🚀 launch");
    findLabel(findRepo(s.state, "d")!, "bug")!.description = "changed";
    s.clearLog();
    const fix = await sync(s, []);
    expect(fix.code).toBe(0);
    expect(writes(s).map((w) => [w.method, w.path])).toEqual([
      ["POST", "/repos/waku-org/b/labels"],
      ["PATCH", "/repos/waku-org/d/labels/bug"],
    ]);
    // The read, the free look at the REST budget the writes draw on, and the two writes.
    expect(s.log.map((e) => `${e.method} ${e.path} ${e.cost}`)).toEqual([
      "POST /graphql 1",
      "GET /rate_limit 0",
      "POST /repos/waku-org/b/labels 1",
      "PATCH /repos/waku-org/d/labels/bug 1",
    ]);
  });

  it("rides out injected 5xx, network resets and secondary rate limits", async () => {
    const s = await start([{ name: "nwaku", labels: GITHUB_DEFAULTS }]);
    s.injectFault({ kind: "server-error", method: "POST", times: 2 });
    s.injectFault({ kind: "secondary-rate-limit", method: "POST", retryAfterSeconds: 1 });
    s.injectFault({ kind: "network-reset", method: "POST", path: "/graphql" });
    const r = await sync(s, []);
    expect(r.code).toBe(0);
    expectMatchesConfig(s, "nwaku");
    // The faults did happen, and were retried.
    expect(s.log.filter((e) => e.status === 500)).toHaveLength(2);
    expect(s.log.filter((e) => e.status === 403)).toHaveLength(1);
    expect(s.log.filter((e) => e.status === 0)).toHaveLength(1);
    expect(r.stderr).toContain("secondary rate limit: waiting 1s");
  });

  it("a repository that keeps failing is named, exit 3; the others are synced; a re-run converges", async () => {
    const s = await start([
      { name: "js-waku", labels: GITHUB_DEFAULTS },
      {
        name: "nwaku",
        labels: [...GITHUB_DEFAULTS, { name: "type: bug", color: "ffffff" }],
        issues: [issue(1, ["type: bug"]), issue(2, ["type: bug"], { state: "closed" })],
      },
      { name: "pm", labels: GITHUB_DEFAULTS },
    ]);
    // Every write to nwaku fails (more than the retries). GraphQL fails too, every retry of it, so
    // the labels are read with REST, and pm's listing fails there.
    s.injectFault({ kind: "server-error", method: "POST", path: "/graphql", times: 4 });
    s.injectFault({
      kind: "server-error",
      path: /^\/repos\/waku-org\/nwaku\/(labels|issues)/,
      method: "POST",
      times: 1000,
    });
    s.injectFault({ kind: "server-error", path: "/repos/waku-org/pm/labels", method: "GET", times: 4 });
    const r = await syncJson(s, []);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("sync failed in 2 repositories: waku-org/nwaku, waku-org/pm");
    expect(r.stderr).toContain("warning: reading labels with GraphQL failed");
    expect(r.stderr).toContain("read them with one REST request per repository instead");
    const byRepo = Object.fromEntries(r.json?.repos.map((x) => [x.repo, x]) ?? []);
    expect(byRepo["waku-org/js-waku"]?.status).toBe("ok");
    expect(byRepo["waku-org/nwaku"]?.status).toBe("failed");
    expect(byRepo["waku-org/nwaku"]?.changes.filter((c) => c.status === "failed").length).toBeGreaterThan(0);
    expect(byRepo["waku-org/nwaku"]?.changes.find((c) => c.status === "failed")?.error).toContain("(500)");
    // After three failures in a row (each tried four times) nwaku is given up for this run.
    expect(
      s.log.filter((e) => e.method === "POST" && e.path.startsWith("/repos/waku-org/nwaku/")),
    ).toHaveLength(12);
    expect(byRepo["waku-org/nwaku"]?.changes.at(-1)).toMatchObject({ action: "merge", status: "planned" });
    expect(byRepo["waku-org/nwaku"]?.changes.at(-1)?.error).toContain("not attempted");
    expect(byRepo["waku-org/pm"]?.status).toBe("failed");
    expect(byRepo["waku-org/pm"]?.error).toContain("/repos/waku-org/pm/labels");
    expect(r.json?.summary.failed).toBeGreaterThan(0);
    expectMatchesConfig(s, "js-waku");
    // The merge never deleted the alias, so no issue lost its label.
    expect(labelsOnIssue(s, "nwaku", 1)).toEqual(["type: bug"]);

    // The outage ends (a fresh simulator over the same state, without the faults): a re-run
    // finishes the job, and nothing was lost on the way.
    expect(s.violations).toEqual([]);
    await s.close();
    const s2 = await startSimulatorFrom(s);
    const again = await sync(s2, []);
    expect(again.code).toBe(0);
    for (const repo of ["js-waku", "nwaku", "pm"]) expectMatchesConfig(s2, repo);
    expect(labelsOnIssue(s2, "nwaku", 1)).toEqual(["bug"]);
    expect(labelsOnIssue(s2, "nwaku", 2)).toEqual(["bug"]);
    s2.clearLog();
    expect((await sync(s2, ["--check"])).code).toBe(0);
  });

  it("--verbose logs every request, and the token appears nowhere; a rejected token is exit 3 with a clear message", async () => {
    const s = await start([{ name: "nwaku", labels: GITHUB_DEFAULTS }]);
    const r = await sync(s, ["--verbose"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/POST \/graphql → 200 \d+ms \(rate \d+\/5000\)/);
    expect(r.stderr).toMatch(/POST \/repos\/waku-org\/nwaku\/labels → 201/);
    expect(r.stderr).toMatch(
      /requests: 4 REST \(0 cached\), 1 GraphQL, 3 writes; REST rate limit \d+\/5000, GraphQL \d+\/5000 points/,
    );
    expect(r.stdout + r.stderr).not.toContain(TOKEN);

    const bad = await sync(s, ["--verbose", "--json"], { token: `${TOKEN}_wrong` });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain("GitHub rejected the token (401): check GITHUB_TOKEN");
    expect(bad.stdout + bad.stderr).not.toContain(TOKEN);
  });

  it("an unknown --repo is bad input (exit 2) naming it, before any write", async () => {
    const s = await start([{ name: "nwaku", labels: GITHUB_DEFAULTS }]);
    const r = await sync(s, ["--repo", "nwaku", "--repo", "no-such-repo"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"no-such-repo" is not a repository of waku-org');
    expect(writes(s)).toEqual([]);
  });

  it("--dry-run prints the plan, destructive actions included, and writes nothing", async () => {
    const s = await start([
      {
        name: "pm",
        labels: [
          ...IN_SYNC,
          { name: "type: bug", color: "ffffff" },
          { name: "wontfix", color: "ffffff" },
          { name: "evil\u001b[2J\u001b]0;pwned\u0007", color: "000000" },
        ],
        issues: [issue(1, ["type: bug"])],
      },
    ]);
    const r = await sync(s, ["--dry-run", "--prune"], { config: PM_ONLY });
    expect(r.code).toBe(0);
    // A label name from GitHub cannot drive the terminal.
    expect(r.stdout).toContain("delete\tevil\t");
    expect(r.stdout).not.toContain("\u001b");
    expect(r.stdout).toContain("merge\ttype: bug → bug");
    expect(r.stdout).toContain("delete\twontfix");
    expect(r.stdout).toContain("1 repository: 1 would change");
    expect(writes(s)).toEqual([]);
  });

  it("rate limits: waits for a near reset; a far one is exit 3 with the reset time", async () => {
    const s = await start([{ name: "nwaku", labels: GITHUB_DEFAULTS }]);
    s.injectFault({ kind: "primary-rate-limit", method: "POST", retryAfterSeconds: 2 });
    const near = await sync(s, []);
    expect(near.code).toBe(0);
    expect(near.stderr).toContain("rate limit exhausted: waiting");
    expectMatchesConfig(s, "nwaku");

    s.injectFault({ kind: "primary-rate-limit", path: "/graphql", retryAfterSeconds: 3600 });
    const far = await sync(s, []);
    expect(far.code).toBe(3);
    // The reset as a time (and, once said relatively too, "in 1 hour, at 20:45 UTC").
    expect(far.stderr).toMatch(
      /GitHub API rate limit exhausted during POST graphql; it resets (at \d{4}-|in .+, at (\d{4}-\d\d-\d\d )?\d\d:\d\d UTC)/,
    );
  });

  it("warns when the writes outnumber the rate limit left, then stops at exhaustion: exit 3 with the reset time", async () => {
    // Labels are read with GraphQL, a separate budget: the warning counts the REST budget the
    // writes draw on (GET /rate_limit, which costs nothing), here 4 of 4.
    const limited = await startSimulator({ seed: seed([{ name: "nwaku", labels: [] }]), rateLimit: 4 });
    sim = limited;
    const r = await sync(limited, ["--no-cache"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${WANTED.length} writes are planned but only 4 requests remain`);
    expect(r.stderr).toMatch(
      /GitHub API rate limit exhausted during POST \/repos\/waku-org\/nwaku\/labels; it resets (at \d{4}-|in .+, at (\d{4}-\d\d-\d\d )?\d\d:\d\d UTC)/,
    );
    // What was done is reported, and exactly that much exists.
    expect(r.stdout).toContain("applied");
    expect(labelsOf(limited, "nwaku")).toHaveLength(4);
  });

  it("--write-interval spaces writes: a simulator enforcing GitHub's spacing never has to refuse one", async () => {
    const spaced = await startSimulator({
      seed: seed([{ name: "nwaku", labels: [] }]),
      secondaryWriteSpacingMs: 40,
    });
    sim = spaced;
    const r = await runCli(
      ["sync-labels", "--config", CONFIG, "--api-url", spaced.url, "--write-interval", "60", "--json"],
      { env: { GITHUB_TOKEN: TOKEN, WAKU_PM_RETRY_BASE_MS: "1", WAKU_PM_CACHE_DIR: CACHE_DIR } },
    );
    expect(r.code).toBe(0);
    expect(writes(spaced)).toHaveLength(WANTED.length);
    expect(spaced.log.filter((e) => e.status === 403)).toEqual([]);
  });

  it("an unreachable API is exit 3 naming the host", async () => {
    const s = await start([{ name: "nwaku", labels: [] }]);
    const url = s.url;
    await s.close();
    sim = undefined;
    const r = await runCli(["sync-labels", "--config", CONFIG, "--api-url", url], {
      env: { GITHUB_TOKEN: TOKEN, WAKU_PM_RETRY_BASE_MS: "1", WAKU_PM_CACHE_DIR: CACHE_DIR },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`could not reach ${new URL(url).host}`);
  });

  it("Ctrl-C in the middle of a merge stops after the current write, loses nothing, and a re-run finishes", async () => {
    const numbers = Array.from({ length: 12 }, (_, i) => i + 1);
    const s = await start([
      {
        name: "pm",
        labels: [...IN_SYNC, { name: "type: bug", color: "ffffff" }],
        issues: numbers.map((n) => issue(n, ["type: bug"], { state: n % 2 ? "open" : "closed" })),
      },
    ]);
    const child = spawn(
      process.execPath,
      [BIN, "sync-labels", "--config", PM_ONLY, "--api-url", s.url, "--write-interval", "150"],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", GITHUB_TOKEN: TOKEN }, stdio: "pipe" },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    const closed = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
    // Interrupt once a few issues have been relabelled.
    while (writes(s).length < 3) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill("SIGINT");
    const code = await closed;
    // 128 + SIGINT's 2, as a shell reports a command Ctrl-C ended.
    expect(code).toBe(130);
    expect(stderr).toContain("stopping after the current write");
    expect(stderr).toContain("Run the same command again to finish");
    expect(stdout).toContain("interrupted after relabelling");
    const done = writes(s).length;
    expect(done).toBeLessThan(numbers.length);
    // The alias was not deleted, so every issue still carries one of the two labels.
    expect(labelsOf(s, "pm").map((l) => l.name)).toContain("type: bug");
    for (const n of numbers) expect(labelsOnIssue(s, "pm", n).length).toBeGreaterThan(0);

    s.clearLog();
    const again = await sync(s, [], { config: PM_ONLY });
    expect(again.code).toBe(0);
    // Only the issues not yet relabelled, then the alias's deletion.
    expect(writes(s)).toHaveLength(numbers.length - done + 1);
    for (const n of numbers) expect(labelsOnIssue(s, "pm", n)).toEqual(["bug"]);
    expect(labelsOf(s, "pm").map((l) => l.name)).not.toContain("type: bug");
  });

  it("shows examples in --help", async () => {
    const r = await runCli(["sync-labels", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--write-interval");
    expect(r.stdout).toContain("Examples:");
  });
});

/** A fresh simulator over the state an earlier one left (faults and log not carried over). */
async function startSimulatorFrom(previous: Simulator): Promise<Simulator> {
  const repos: SeedRepo[] = previous.state.repos.map((r) => ({
    name: r.name,
    archived: r.archived,
    fork: r.fork,
    labels: r.labels.map((l) => ({ name: l.name, color: l.color, description: l.description })),
    issues: r.issues.map((i) => ({
      number: i.number,
      title: i.title,
      state: i.state,
      pull_request: i.pull_request,
      labels: issueLabels(r, i).map((l) => l.name),
    })),
  }));
  sim = await startSimulator({ seed: seed(repos) });
  return sim;
}
