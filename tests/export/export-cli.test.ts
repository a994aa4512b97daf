/**
 * export-labels end to end: the built CLI against the GitHub simulator. What a user relies on: the
 * file passes `lint`, its comments name exactly the repositories where `sync-labels` would then
 * create or change a label, an exported repository is already in sync with its own file, and an
 * existing file is never overwritten without --force.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import type { Seed } from "../../src/simulator/seed.js";
import { runCli } from "../helpers/cli.js";

const TOKEN = "ghp_export_test_token";

const SEED: Seed = {
  org: "acme",
  tokens: [TOKEN],
  repos: [
    {
      name: "pm",
      labels: [
        { name: "bug", color: "d73a4a", description: "Something isn't working" },
        { name: "help wanted", color: "008672", description: "Extra attention is needed" },
        { name: "E:1.1: Alpha", color: "20a609", description: "See #1: details" },
        { name: "type: feature", color: "a2eeef", description: null },
        { name: "priority #1", color: "c5def5", description: null },
      ],
    },
    {
      name: "alpha",
      labels: [
        { name: "Bug", color: "d73a4a", description: "Something isn't working" },
        { name: "help wanted", color: "008672", description: "Extra attention is needed" },
        { name: "E:1.1: Alpha", color: "20a609", description: "See #1: details" },
        { name: "type: feature", color: "ffffff", description: null },
        { name: "🚀", color: "fbca04", description: "emoji only: GitHub refuses such names today" },
      ],
    },
    {
      name: "beta",
      labels: [
        { name: "bug", color: "d73a4a", description: "Something isn't working" },
        { name: "help wanted", color: "008672", description: "Extra attention is needed" },
        { name: "type: feature", color: "a2eeef", description: null },
        { name: "priority #1", color: "c5def5", description: null },
      ],
    },
    { name: "old", archived: true, labels: [{ name: "legacy", color: "000000" }] },
    { name: "upstream-fork", fork: true, labels: [{ name: "upstream only", color: "111111" }] },
  ],
};

let sim: Simulator;
const dir = mkdtempSync(join(tmpdir(), "waku-pm-export-"));

beforeEach(async () => {
  sim = await startSimulator({ seed: structuredClone(SEED) });
});

afterEach(async () => {
  expect(sim.violations).toEqual([]);
  await sim.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]) {
  // cwd without a labels.yaml, so nothing but the flags decides.
  return runCli(args, { cwd: dir, env: { GITHUB_API_URL: sim.url, GITHUB_TOKEN: TOKEN } });
}

interface SyncJson {
  repos: { repo: string; changes: { action: string; name: string }[] }[];
}

describe("export-labels", () => {
  it("writes the organisation's labels as a file lint accepts, colours and tricky names intact", async () => {
    const r = await cli(["export-labels", "--org", "acme"]);
    expect(r.stderr).toContain('label "🚀" left out: lint rejects it');
    expect(r.code).toBe(0);
    expect(sim.log.filter((e) => e.write)).toEqual([]);
    // One GraphQL document reads every repository with its labels.
    expect(sim.log.map((e) => e.kind)).toEqual(["graphql"]);

    const file = join(dir, "from-stdout.yaml");
    writeFileSync(file, r.stdout);
    const lint = await cli(["lint", "--config", file]);
    expect(lint.stderr).toBe("");
    expect(lint.code).toBe(0);

    // Read as YAML 1.2 core, as other tools would: colours stay strings, names keep `: ` and `#`.
    const doc = parse(r.stdout) as { org: string; labels: { name: string; color: string }[] };
    expect(doc.org).toBe("acme");
    expect(doc.labels).toEqual([
      { name: "bug", color: "d73a4a", description: "Something isn't working" },
      { name: "E:1.1: Alpha", color: "20a609", description: "See #1: details" },
      { name: "help wanted", color: "008672", description: "Extra attention is needed" },
      { name: "priority #1", color: "c5def5" },
      { name: "type: feature", color: "a2eeef" },
    ]);
    // Archived repositories and forks are not read, and the header says so.
    expect(r.stdout).toContain(
      "Not read (sync-labels never writes to them): old (archived), upstream-fork (fork).",
    );
    expect(r.stdout).toMatch(/# Left out: "🚀" \(color fbca04\), which lint rejects/);
  });

  it("comments each label with exactly the repositories sync-labels would then change", async () => {
    const r = await cli(["export-labels", "--org", "acme", "--out", "org.yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("wrote org.yaml: 5 labels from 3 repositories of acme");
    const text = readFileSync(join(dir, "org.yaml"), "utf8");
    expect(text).toContain('  # missing in 1 of 3 repositories: beta\n  - name: "E:1.1: Alpha"');
    expect(text).toContain('  # differs in 1: alpha has "Bug"\n  - name: bug');
    expect(text).toContain('  # missing in 1 of 3 repositories: alpha\n  - name: "priority #1"');

    // What each comment claims, per repository, against what sync-labels plans with the file.
    const claims: Record<string, string[]> = {
      pm: [],
      alpha: ["create priority #1", "rename bug", "update type: feature"],
      beta: ["create E:1.1: Alpha"],
    };
    for (const [repo, expected] of Object.entries(claims)) {
      const check = await cli(["sync-labels", "--check", "--json", "--repo", repo, "--config", "org.yaml"]);
      expect(check.code, `${repo}: ${check.stderr}`).toBe(expected.length === 0 ? 0 : 1);
      const plan = JSON.parse(check.stdout) as SyncJson;
      expect(plan.repos[0]!.changes.map((c) => `${c.action} ${c.name}`).sort(), repo).toEqual(expected);
    }
  });

  it("--repo: one repository's labels, with which sync-labels --check on it finds nothing to do", async () => {
    for (const repo of ["alpha", "beta"]) {
      const out = `${repo}.yaml`;
      const r = await cli(["export-labels", "--repo", `acme/${repo}`, "--out", out]);
      expect(r.code, r.stderr).toBe(0);
      const lint = await cli(["lint", "--config", out]);
      expect(lint.code, lint.stderr).toBe(0);
      const check = await cli(["sync-labels", "--check", "--repo", repo, "--config", out]);
      expect(check.stdout).toContain("0 would change, 1 in sync");
      expect(check.code).toBe(0);
    }
    // alpha keeps its own spelling and colour, not the organisation's.
    const alpha = parse(readFileSync(join(dir, "alpha.yaml"), "utf8")) as {
      labels: { name: string; color: string }[];
    };
    expect(alpha.labels.map((l) => `${l.name} ${l.color}`)).toEqual([
      "Bug d73a4a",
      "E:1.1: Alpha 20a609",
      "help wanted 008672",
      "type: feature ffffff",
    ]);
  });

  it("refuses to overwrite an existing file without --force", async () => {
    const file = join(dir, "existing.yaml");
    writeFileSync(file, "# my hand-written labels\n");
    const refused = await cli(["export-labels", "--org", "acme", "--out", "existing.yaml"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("existing.yaml already exists; nothing was written");
    expect(refused.stderr).toContain("--force");
    expect(readFileSync(file, "utf8")).toBe("# my hand-written labels\n");

    const forced = await cli(["export-labels", "--org", "acme", "--out", "existing.yaml", "--force"]);
    expect(forced.code).toBe(0);
    expect(readFileSync(file, "utf8")).toContain("- name: bug");
  });

  it("names the organisation's repositories when --repo is not one, and asks for an org when none is known", async () => {
    const unknown = await cli(["export-labels", "--org", "acme", "--repo", "gamma"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--repo: "gamma" is not a repository of acme');
    expect(unknown.stderr).toContain("alpha, beta");

    const noOrg = await cli(["export-labels"]);
    expect(noOrg.code).toBe(2);
    expect(noOrg.stderr).toContain("export-labels: no organisation to read");
    expect(noOrg.stderr).toContain("--org ORG");
  });
});
