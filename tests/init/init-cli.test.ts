/**
 * init end to end: the built CLI against the GitHub simulator writes a starter labels.yaml that
 * lint accepts, with the organisation, its pm repository, its milestones under short names and its
 * labels, every key explained by a comment; an existing file is never replaced without --force.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import type { Seed } from "../../src/simulator/seed.js";
import { runCli } from "../helpers/cli.js";

const TOKEN = "ghp_init_test_token";

const SEED: Seed = {
  org: "acme",
  tokens: [TOKEN],
  repos: [
    {
      name: "pm",
      labels: [
        { name: "epic", color: "3e4b9e", description: "A deliverable" },
        { name: "E:1.1 Launch", color: "20a609", description: null },
        { name: "help wanted", color: "008672", description: null },
      ],
      milestones: [
        { number: 1, title: "Acme Network Gen 0", state: "open", due_on: "2024-01-31T00:00:00Z" },
        { number: 2, title: "Legacy: cleanup #2", state: "closed" },
        { number: 3, title: "Support Many Platforms", state: "open" },
      ],
    },
    { name: "web", labels: [{ name: "help wanted", color: "008672", description: null }] },
  ],
};

let sim: Simulator;
let dir: string;

beforeEach(async () => {
  sim = await startSimulator({ seed: structuredClone(SEED) });
  dir = mkdtempSync(join(tmpdir(), "waku-pm-init-"));
});

afterEach(async () => {
  expect(sim.violations).toEqual([]);
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[]) {
  return runCli(args, { cwd: dir, env: { GITHUB_API_URL: sim.url, GITHUB_TOKEN: TOKEN } });
}

describe("init", () => {
  it("writes ./labels.yaml with the org, pm repo, milestones and labels, and lint accepts it", async () => {
    const r = await cli(["init", "--org", "acme"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      "wrote labels.yaml: acme, pm_repo pm, 3 milestones, 3 labels from 2 repositories",
    );
    expect(sim.log.filter((e) => e.write)).toEqual([]);

    const lint = await cli(["lint"]);
    expect(lint.stderr).toBe("");
    expect(lint.code).toBe(0);
    expect(lint.stdout).toContain("3 labels (0 track, 1 epic) valid");

    const text = readFileSync(join(dir, "labels.yaml"), "utf8");
    const doc = parse(text) as Record<string, unknown>;
    expect(doc.org).toBe("acme");
    expect(doc.pm_repo).toBe("pm");
    expect(doc.milestones).toEqual({
      "network-gen0": "Acme Network Gen 0",
      "support-many-platforms": "Support Many Platforms",
      "legacy-cleanup2": "Legacy: cleanup #2",
    });
    expect(text).toContain('legacy-cleanup2: "Legacy: cleanup #2" # milestone 2, closed');
    expect(text).toContain("network-gen0: Acme Network Gen 0 # milestone 1, open, due 2024-01-31");
    expect(doc.labels).toEqual([
      { name: "E:1.1 Launch", color: "20a609" },
      { name: "epic", color: "3e4b9e", description: "A deliverable" },
      { name: "help wanted", color: "008672" },
    ]);
    expect(text).toContain("  # missing in 1 of 2 repositories: web\n  - name: epic");
  });

  it("explains every key it writes with a comment just above it", async () => {
    expect((await cli(["init", "--org", "acme"])).code).toBe(0);
    const lines = readFileSync(join(dir, "labels.yaml"), "utf8").split("\n");
    const keys = lines.flatMap((line, i) => (/^[a-z_]+:/.test(line) ? [i] : []));
    expect(keys.map((i) => lines[i]!.split(":")[0])).toEqual(
      expect.arrayContaining(["org", "pm_repo", "epic_prefix", "repos", "milestones", "labels"]),
    );
    for (const i of keys) expect(lines[i - 1], `above ${lines[i]}`).toMatch(/^# /);
    // team: is explained but left commented out: inventing logins would flag people who do not exist.
    expect(lines).toContain("# team: [login1, login2]");
  });

  it("refuses to replace an existing labels.yaml without --force, before asking GitHub anything", async () => {
    writeFileSync(join(dir, "labels.yaml"), "# ours\n");
    const refused = await cli(["init", "--org", "acme"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("labels.yaml already exists; nothing was written");
    expect(sim.log).toEqual([]);
    expect(readFileSync(join(dir, "labels.yaml"), "utf8")).toBe("# ours\n");

    const forced = await cli(["init", "--org", "acme", "--force"]);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, "labels.yaml"), "utf8")).toContain("org: acme");
  });

  it("with a pm repository that does not exist: says so, and the file still passes lint", async () => {
    const r = await cli(["init", "--org", "acme", "--pm-repo", "planning", "--out", "starter.yaml"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("acme has no repository planning to hold milestones and epics");
    const text = readFileSync(join(dir, "starter.yaml"), "utf8");
    // Comments wrap at 100 columns: read them as one text.
    expect(text.replace(/\n# /g, " ")).toContain("Not found in acme: create it");
    expect(text).toContain("pm_repo: planning");
    expect(text).toContain("# milestones:");
    const lint = await cli(["lint", "--config", "starter.yaml"]);
    expect(lint.code, lint.stderr).toBe(0);
  });

  it("writes to --config when given, the file later commands will read", async () => {
    const r = await cli(["init", "--org", "acme", "--config", "planning.yaml"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("next: waku-pm lint --config planning.yaml");
    const lint = await cli(["lint", "--config", "planning.yaml"]);
    expect(lint.code, lint.stderr).toBe(0);
  });

  it("needs an organisation", async () => {
    const r = await cli(["init"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("init: no organisation to read");
  });
});
