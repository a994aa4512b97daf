/**
 * `waku-pm check` end to end: the built CLI as a subprocess against the GitHub simulator. Each test
 * starts from a consistent organisation and breaks one thing.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import type { Seed } from "../../src/simulator/seed.js";
import { CONFIG, configLine, consistentSeed, ORG, repoOf, TOKEN } from "../fixtures/check/consistent-org.js";
import { type CliResult, runCli } from "../helpers/cli.js";
import { runMain } from "../helpers/process-io.js";

interface CheckJson {
  version: number;
  ok: boolean;
  config: { file: string; problems: { file: string; line: number; column: number; message: string }[] };
  drift: { repo: string; status: string; error?: string; changes: Record<string, unknown>[] }[];
  epics: { number: number; title: string; url: string; problem: string }[];
  warnings: string[];
  exit_code: number;
}

let dir: string;
let sim: Simulator | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "waku-pm-check-"));
  writeFileSync(join(dir, "labels.yaml"), CONFIG);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  if (sim) expect(sim.violations).toEqual([]);
  await sim?.close();
  sim = undefined;
});

async function start(seed: Seed): Promise<Simulator> {
  sim = await startSimulator({ seed });
  return sim;
}

function checkEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return {
    GITHUB_API_URL: sim?.url ?? "http://127.0.0.1:9",
    GITHUB_TOKEN: TOKEN,
    WAKU_PM_RETRY_BASE_MS: "1",
    ...env,
  };
}

/** `waku-pm check ARGS`: the built CLI as a subprocess, end to end against the simulator. */
function check(
  args: string[] = [],
  env: Record<string, string | undefined> = {},
  cwd: string = dir,
): Promise<CliResult> {
  return runCli(["check", ...args], { cwd, env: checkEnv(env) });
}

/** The same in-process (`main` with a fake process): for the cases that stop before any request. */
function checkInProcess(
  args: string[] = [],
  env: Record<string, string | undefined> = {},
  cwd: string = dir,
): Promise<CliResult> {
  return runMain(["check", ...args], { cwd, env: checkEnv(env) });
}

async function checkJson(
  env: Record<string, string | undefined> = {},
): Promise<{ r: CliResult; json: CheckJson }> {
  const r = await check(["--json"], env);
  return { r, json: JSON.parse(r.stdout) as CheckJson };
}

describe("check on a consistent organisation", () => {
  it("exits 0 with a one-line verdict, reading every repository's labels in one GraphQL document", async () => {
    const s = await start(consistentSeed());
    const r = await check(["--verbose"]);
    expect(r.code, r.stderr).toBe(0);
    // --verbose logs every request on stderr, and never the token.
    expect(r.stderr).toContain("POST /graphql → 200");
    expect(r.stderr).toContain("requests: 0 REST (0 cached), 1 GraphQL, 0 writes");
    expect(`${r.stdout}${r.stderr}`).not.toContain(TOKEN);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.at(-1)).toBe("✓ consistent: 3 repositories match labels.yaml, 2 epics tracked");
    expect(r.stdout).toContain("Label drift: none, 3 repositories checked");
    // One document for the repositories with their labels, the milestones and the epics; no REST.
    expect(s.log.map((e) => `${e.kind} ${e.method} ${e.path}`)).toEqual(["graphql POST /graphql"]);
    expect(s.log.filter((e) => e.write)).toEqual([]);
  });

  it("takes --config after the command and --org over the file", async () => {
    await start(consistentSeed());
    const other = mkdtempSync(join(tmpdir(), "waku-pm-check-cfg-"));
    writeFileSync(join(other, "pm-labels.yml"), CONFIG.replace("org: waku-org", "org: someone-else"));
    const r = await check(["--config", join(other, "pm-labels.yml"), "--org", ORG]);
    expect(r.code, r.stderr).toBe(0);
    rmSync(other, { recursive: true, force: true });
  });
});

describe("check finds problems", () => {
  it("exits 1 when a repository's label colour drifted, naming the repository and label", async () => {
    const seed = consistentSeed();
    const bug = repoOf(seed, "nwaku").labels.find((l) => l.name === "bug");
    if (bug) bug.color = "ffffff";
    await start(seed);
    const r = await check();
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain("Label drift: 1 of 3 repositories");
    expect(r.stdout).toMatch(/waku-org\/nwaku\n\s+bug: colour ffffff, config says d73a4a/);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("✗ inconsistent: 1 repository drifted");
  });

  it("--json lists the drift as sync-labels --json change objects", async () => {
    const seed = consistentSeed();
    const bug = repoOf(seed, "nwaku").labels.find((l) => l.name === "bug");
    if (bug) bug.color = "FFFFFF";
    repoOf(seed, "js-waku").labels = repoOf(seed, "js-waku").labels.filter((l) => l.name !== "enhancement");
    await start(seed);
    const { r, json } = await checkJson();
    expect(r.code).toBe(1);
    expect(json.ok).toBe(false);
    expect(json.exit_code).toBe(1);
    expect(json.drift).toEqual([
      {
        repo: "waku-org/js-waku",
        status: "drifted",
        changes: [
          {
            action: "create",
            name: "enhancement",
            color: "a2eeef",
            description: "New feature or request",
            status: "planned",
          },
        ],
      },
      {
        repo: "waku-org/nwaku",
        status: "drifted",
        changes: [
          {
            action: "update",
            name: "bug",
            color: "d73a4a",
            description: "Something isn't working",
            status: "planned",
          },
        ],
      },
    ]);
  });

  it("a label renamed only in case is drift too (sync-labels would rename it)", async () => {
    const seed = consistentSeed();
    const bug = repoOf(seed, "js-waku").labels.find((l) => l.name === "bug");
    if (bug) bug.name = "Bug";
    await start(seed);
    const { r, json } = await checkJson();
    expect(r.code).toBe(1);
    expect(json.drift[0]?.changes[0]).toMatchObject({ action: "rename", name: "bug", from: "Bug" });
  });

  it("exits 1 when an epic carries two epic labels", async () => {
    const seed = consistentSeed();
    const epic = repoOf(seed, "pm").issues?.find((i) => i.number === 62);
    epic?.labels.push("E:1.2 RLN");
    await start(seed);
    const r = await check();
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain("Epics: 1 problem");
    expect(r.stdout).toContain('carries 2 epic labels ("E:1.1 Autosharding", "E:1.2 RLN")');
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("✗ inconsistent: 1 epic problem");

    const { json } = await checkJson();
    expect(json.drift).toEqual([]);
    expect(json.epics).toHaveLength(1);
    expect(json.epics[0]).toMatchObject({ number: 62, title: "[Epic] 1.1: Autosharding" });
    expect(json.epics[0]?.url).toMatch(/\/waku-org\/pm\/issues\/62$/);
    expect(json.epics[0]?.problem).toContain("keep exactly one");
  });

  it("exits 1 when an epic's label is not in the config", async () => {
    const seed = consistentSeed();
    const pm = repoOf(seed, "pm");
    pm.labels.push({ name: "E:9.9 Secret", color: "35dccc" });
    pm.issues?.push({
      number: 70,
      title: "[Epic] 9.9",
      state: "open",
      labels: ["epic", "E:9.9 Secret"],
      milestone: 1,
    });
    await start(seed);
    const { r, json } = await checkJson();
    expect(r.code).toBe(1);
    expect(json.epics.map((e) => e.number)).toEqual([70]);
    expect(json.epics[0]?.problem).toContain('"E:9.9 Secret", which is not in the config');
  });

  it("only warns (exit 0) about an orphan epic and an epic label no epic carries", async () => {
    const seed = consistentSeed();
    const pm = repoOf(seed, "pm");
    // Epic 63 loses its epic label's issue: its label becomes an orphan; 62 leaves its milestone.
    pm.issues = (pm.issues ?? []).filter((i) => i.number !== 63);
    const epic = pm.issues.find((i) => i.number === 62);
    if (epic) epic.milestone = null;
    await start(seed);
    const { r, json } = await checkJson();
    expect(r.code, r.stderr).toBe(0);
    // Warnings never fail the check.
    expect(json).toMatchObject({
      version: 1,
      ok: true,
      config: { file: "labels.yaml", problems: [] },
      drift: [],
      epics: [],
      exit_code: 0,
    });
    expect(json.warnings).toEqual([
      'orphan epic: waku-org/pm#62 "[Epic] 1.1: Autosharding" is open but in no milestone',
      'orphan label: no epic issue in waku-org/pm carries "E:1.2 RLN"',
    ]);
    const text = await check();
    expect(text.stdout).toContain("Warnings: 2");
    expect(text.stdout.trimEnd().split("\n").at(-1)).toMatch(/^✓ consistent: .*; 2 warnings$/);
  });
});

describe("check exit codes 2 and 3", () => {
  it("exits 2 on a broken config, naming the line, without asking GitHub anything", async () => {
    const s = await start(consistentSeed());
    const broken = mkdtempSync(join(tmpdir(), "waku-pm-check-broken-"));
    writeFileSync(join(broken, "labels.yaml"), CONFIG.replace("color: a2eeef", "color: not-a-colour"));
    const r = await checkInProcess([], {}, broken);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/labels\.yaml:\d+:\d+: .*colou?r/i);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toMatch(/^✗ labels\.yaml is not valid \(1 problem\)/);
    const json = JSON.parse((await checkInProcess(["--json"], {}, broken)).stdout) as CheckJson;
    expect(json.exit_code).toBe(2);
    expect(json.config.problems).toHaveLength(1);
    expect(json.config.problems[0]?.line).toBe(configLine("enhancement") + 1);
    expect(s.log).toEqual([]);
    rmSync(broken, { recursive: true, force: true });
  });

  it("exits 2 when nothing names the organisation", async () => {
    await start(consistentSeed());
    const bare = mkdtempSync(join(tmpdir(), "waku-pm-check-bare-"));
    writeFileSync(join(bare, "labels.yaml"), "- name: bug\n  color: d73a4a\n");
    const r = await checkInProcess([], {}, bare);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("--org");
    rmSync(bare, { recursive: true, force: true });
  });

  it("exits 3 on a rejected token, and never prints it", async () => {
    await start(consistentSeed());
    const bad = "ghp_rejected_token_value_123456";
    const r = await check([], { GITHUB_TOKEN: bad });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/rejected the token/);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toMatch(/^✗ incomplete: label drift could not be checked/);
    expect(`${r.stdout}${r.stderr}`).not.toContain(bad);
    // The token was refused once: check stops rather than failing every repository in turn.
    expect(sim?.log.filter((e) => e.status === 401)).toHaveLength(1);
  });

  it("exits 3 without a token, saying which variable to set, and asks GitHub nothing", async () => {
    const s = await start(consistentSeed());
    const r = await checkInProcess(["--json"], { GITHUB_TOKEN: undefined });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("set GITHUB_TOKEN");
    const json = JSON.parse(r.stdout) as CheckJson & { errors: string[] };
    expect(json.exit_code).toBe(3);
    expect(json.errors).toEqual([expect.stringContaining("no GitHub token")]);
    expect(s.log).toEqual([]);
  });

  it("exits 3 when one repository cannot be read, still checking the others", async () => {
    const seed = consistentSeed();
    const bug = repoOf(seed, "nwaku").labels.find((l) => l.name === "bug");
    if (bug) bug.color = "ffffff";
    const s = await start(seed);
    // GraphQL fails on every retry, so labels are read with REST, one repository at a time; then
    // js-waku's listing fails more often than the client retries: that repository stays unreadable.
    // The combined read and then the labels' own GraphQL read both fail (4 attempts each): REST it is.
    s.injectFault({ method: "POST", path: "/graphql", kind: "server-error", times: 8 });
    s.injectFault({ method: "GET", path: `/repos/${ORG}/js-waku/labels`, kind: "server-error", times: 10 });
    const { r, json } = await checkJson();
    expect(r.code).toBe(3);
    expect(json.warnings).toEqual([expect.stringContaining("reading labels with GraphQL failed")]);
    expect(json.exit_code).toBe(3);
    const byRepo = Object.fromEntries(json.drift.map((d) => [d.repo, d]));
    expect(byRepo["waku-org/js-waku"]?.status).toBe("failed");
    expect(byRepo["waku-org/js-waku"]?.error).toBeTruthy();
    expect(byRepo["waku-org/nwaku"]?.changes).toHaveLength(1);
  });
});

describe("check under GitHub Actions", () => {
  let summaryDir: string;
  beforeAll(() => {
    summaryDir = mkdtempSync(join(tmpdir(), "waku-pm-check-summary-"));
  });
  afterAll(() => {
    rmSync(summaryDir, { recursive: true, force: true });
  });

  it("annotates each problem at its config line and appends a job summary", async () => {
    const seed = consistentSeed();
    const bug = repoOf(seed, "nwaku").labels.find((l) => l.name === "bug");
    if (bug) bug.color = "ffffff";
    repoOf(seed, "js-waku").labels = repoOf(seed, "js-waku").labels.filter((l) => l.name !== "bug");
    const pm = repoOf(seed, "pm");
    pm.issues?.find((i) => i.number === 62)?.labels.push("E:1.2 RLN");
    pm.issues?.push({
      number: 64,
      title: "[Epic] a | b <b>bold</b>",
      state: "open",
      labels: ["epic"],
      milestone: 1,
    });
    // A configured epic label (present everywhere, so no drift) that no epic carries.
    const store = { name: "E:2.1 Store", color: "35dccc" };
    for (const name of ["pm", "nwaku", "js-waku"]) repoOf(seed, name).labels.push({ ...store });
    const config = `${CONFIG}  - name: "E:2.1 Store"\n    color: 35dccc\n`;
    const storeLine = config.split("\n").indexOf('  - name: "E:2.1 Store"') + 1;
    const cwd = join(summaryDir, "repo");
    mkdirSync(cwd);
    writeFileSync(join(cwd, "labels.yaml"), config);
    await start(seed);
    const summary = join(summaryDir, "step-summary.md");
    writeFileSync(summary, "## Earlier step\n\nkept as it was\n");

    const r = await check([], { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary }, cwd);
    expect(r.code, r.stderr).toBe(1);
    const annotations = r.stdout.split("\n").filter((l) => l.startsWith("::"));

    // Drift is grouped per label, at the label's entry in the config.
    const bugLine = configLine("bug");
    const drift = annotations.filter((a) => a.startsWith(`::error file=labels.yaml,line=${bugLine},col=1::`));
    expect(drift).toHaveLength(1);
    expect(drift[0]).toContain('label "bug" differs from the config in 2 repositories');
    expect(drift[0]).toContain("waku-org/nwaku (colour ffffff, config says d73a4a)");
    expect(drift[0]).toContain("waku-org/js-waku (missing)");

    const epics = annotations.filter((a) => a.startsWith("::error title=epic #"));
    expect(epics.map((a) => a.slice(0, "::error title=epic #6x::".length))).toEqual([
      "::error title=epic #62::",
      "::error title=epic #64::",
    ]);
    // The orphan-label warning points at the label's entry too.
    expect(annotations).toContain(
      `::warning file=labels.yaml,line=${storeLine},col=1::orphan label: no epic issue in waku-org/pm carries "E:2.1 Store"`,
    );

    const text = readFileSync(summary, "utf8");
    expect(text.startsWith("## Earlier step\n\nkept as it was\n")).toBe(true);
    expect(text).toContain("## ❌ waku-pm check waku-org");
    expect(text).toContain("| Repository | Label | Difference |");
    expect(text).toContain("| waku-org/nwaku | `bug` | colour ffffff, config says d73a4a |");
    expect(text).toContain("| waku-org/js-waku | `bug` | missing |");
    // An epic title with a pipe and HTML stays inside its cell, as text.
    const epicRow = text.split("\n").find((l) => l.includes("#64"));
    expect(epicRow).toContain("a \\| b &lt;b&gt;bold&lt;/b&gt;");
    expect(epicRow?.replace(/\\\|/g, "").split("|")).toHaveLength(4);
    expect(text).toContain("### Warnings");

    // A second run appends again, it never truncates.
    await check([], { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary }, cwd);
    const twice = readFileSync(summary, "utf8");
    expect(twice.startsWith(text)).toBe(true);
    expect(twice.split("## ❌ waku-pm check").length - 1).toBe(2);
  });

  it("annotates a broken config like lint does, and keeps --json stdout pure", async () => {
    await start(consistentSeed());
    const broken = mkdtempSync(join(tmpdir(), "waku-pm-check-broken-gha-"));
    writeFileSync(join(broken, "labels.yaml"), CONFIG.replace("color: a2eeef", "color: not-a-colour"));
    const summary = join(broken, "summary.md");
    const r = await checkInProcess(
      ["--json"],
      { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary },
      broken,
    );
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as CheckJson).exit_code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(`^::error file=labels\\.yaml,line=${configLine("enhancement") + 1},col=\\d+::`, "m"),
    );
    expect(readFileSync(summary, "utf8")).toContain("### Config problems in `labels.yaml`");
    rmSync(broken, { recursive: true, force: true });
  });

  it("prints no annotations and writes no summary outside GitHub Actions", async () => {
    await start(consistentSeed());
    const summary = join(summaryDir, "untouched.md");
    writeFileSync(summary, "untouched\n");
    const r = await check([], { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/^::/m);
    expect(readFileSync(summary, "utf8")).toBe("untouched\n");
  });
});

describe("check --help", () => {
  it("explains the checks, the exit codes and gives examples", async () => {
    const r = await runMain(["check", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain("$ waku-pm check --json");
    expect(r.stdout).toContain("GITHUB_STEP_SUMMARY");
    expect(r.stdout).toMatch(/--config/);
  });
});
