/**
 * The config loader as other commands use it: both shapes, defaults, --org, where the file is
 * looked for, and ConfigError carrying every problem.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, inspectConfig, loadConfig, validateConfigText } from "../../src/config/index.js";
import { InputError } from "../../src/errors.js";
import { createContext } from "../../src/runtime.js";
import { ROOT } from "../helpers/cli.js";

function contextIn(cwd: string, opts: Record<string, unknown> = {}) {
  const out = { stdout: "", stderr: "" };
  const ctx = createContext(
    {
      stdout: { write: (s: string) => (out.stdout += s) },
      stderr: { write: (s: string) => (out.stderr += s) },
      env: {},
      cwd,
      now: () => new Date("2023-11-27T00:00:00Z"),
      exitCode: undefined,
    },
    opts,
  );
  return { ctx, out };
}

describe("validateConfigText: the bare list shape", () => {
  const text = `# Generic labels
- name: bug
  description: Something isn't working
  color: "#D73A4A"
- name: "E:PostgreSQL"
  color: 35DCCC
  aliases: ["E:Postgres"]
- name: help wanted
  color: 008672
  description: ""
`;

  it("normalises colours (no #, lowercase) and keeps every other value as written", () => {
    const result = validateConfigText(text, "labels.yml");
    expect(result.errors).toEqual([]);
    expect(result.config?.labels).toEqual([
      { name: "bug", color: "d73a4a", description: "Something isn't working", aliases: [], line: 2 },
      { name: "E:PostgreSQL", color: "35dccc", aliases: ["E:Postgres"], line: 5 },
      { name: "help wanted", color: "008672", description: "", aliases: [], line: 8 },
    ]);
  });

  it("leaves description absent when the file has none (sync then leaves GitHub's alone)", () => {
    const label = validateConfigText(text, "labels.yml").config?.labels[1];
    expect(label && "description" in label).toBe(false);
  });

  it("fills every default: no org, pm, E:, every repository, no milestones, no team", () => {
    const config = validateConfigText(text, "labels.yml").config!;
    expect(config).toMatchObject({
      file: "labels.yml",
      shape: "list",
      org: undefined,
      pmRepo: "pm",
      epicPrefix: "E:",
      repos: { include: ["*"], exclude: [] },
      milestones: {},
      team: [],
    });
  });

  it("takes the organisation from --org", () => {
    expect(validateConfigText(text, "labels.yml", { org: "waku-org" }).config?.org).toBe("waku-org");
  });
});

describe("validateConfigText: the mapping shape", () => {
  const full = `org: waku-org
pm_repo: roadmap
epic_prefix: "Epic:"
repos:
  include: ["js-*", nwaku]
  exclude: [js-waku-examples]
milestones:
  gen0: Waku Network Gen 0
  1mm: Waku Network can Support 1 Million Users
team: [alice, bob-2]
labels:
  - name: bug
    color: d73a4a
`;

  it("reads every field", () => {
    const result = validateConfigText(full, "labels.yaml");
    expect(result.errors).toEqual([]);
    expect(result.config).toEqual({
      file: "labels.yaml",
      shape: "mapping",
      org: "waku-org",
      pmRepo: "roadmap",
      epicPrefix: "Epic:",
      repos: { include: ["js-*", "nwaku"], exclude: ["js-waku-examples"] },
      milestones: { gen0: "Waku Network Gen 0", "1mm": "Waku Network can Support 1 Million Users" },
      milestoneStarts: {},
      epics: { source: "labels", markerLabel: "epic" },
      team: ["alice", "bob-2"],
      labels: [{ name: "bug", color: "d73a4a", aliases: [], line: 12 }],
    });
  });

  it("--org wins over the file's org", () => {
    expect(validateConfigText(full, "labels.yaml", { org: "logos-co" }).config?.org).toBe("logos-co");
  });

  it("fills defaults for everything but labels", () => {
    const config = validateConfigText("labels:\n  - name: bug\n    color: d73a4a\n", "x.yaml").config!;
    expect(config).toMatchObject({
      shape: "mapping",
      org: undefined,
      pmRepo: "pm",
      epicPrefix: "E:",
      repos: { include: ["*"], exclude: [] },
      milestones: {},
      team: [],
    });
    const onlyInclude = validateConfigText("repos:\n  include: [nwaku]\nlabels: []\n", "x.yaml");
    expect(onlyInclude.config?.repos).toEqual({ include: ["nwaku"], exclude: [] });
    expect(onlyInclude.warnings.map((w) => w.message)).toEqual(["the file lists no labels"]);
  });

  it("requires labels, at the mapping's first line", () => {
    const result = validateConfigText("org: waku-org\n", "x.yaml");
    expect(result.config).toBeUndefined();
    expect(result.errors).toEqual([
      { file: "x.yaml", line: 1, column: 1, message: expect.stringContaining("missing labels:") },
    ]);
  });

  it("says a label's keys at the top level belong in a list", () => {
    const result = validateConfigText("name: bug\ncolor: d73a4a\nlabels: []\n", "x.yaml");
    expect(result.errors.map((e) => e.message)).toEqual([
      expect.stringContaining('unknown key "name": labels go in a list under labels:'),
      expect.stringContaining('unknown key "color": labels go in a list under labels:'),
    ]);
  });

  it("rejects a scalar document, naming what it found", () => {
    const result = validateConfigText("bug\n", "x.yaml");
    expect(result.errors[0]?.message).toContain('found text "bug"');
  });
});

describe("loadConfig(ctx)", () => {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "waku-pm-config-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("loads the project's root labels.yaml: waku-org, its 18 repositories, 4 milestones, 59 labels", () => {
    const { ctx } = contextIn(ROOT);
    const config = loadConfig(ctx);
    expect(config.file).toBe("labels.yaml");
    expect(config.org).toBe("waku-org");
    expect(config.pmRepo).toBe("pm");
    expect(config.epicPrefix).toBe("E:");
    expect(config.repos.include).toHaveLength(18);
    expect(config.repos.include).toContain("nwaku");
    expect(config.milestones).toEqual({
      gen0: "Waku Network Gen 0",
      platforms: "Support Many Platforms",
      qa: "Quality Assurance processes are in place",
      "1mm": "Waku Network can Support 1 Million Users",
    });
    expect(config.team).toEqual([]);
    expect(config.labels).toHaveLength(59);
    expect(config.labels.filter((l) => l.name.startsWith(config.epicPrefix))).toHaveLength(28);
  });

  it("reads --config relative to the working directory and applies --org", () => {
    mkdirSync(join(dir, "conf"));
    writeFileSync(join(dir, "conf/l.yml"), "- name: bug\n  color: d73a4a\n");
    const { ctx } = contextIn(dir, { config: "conf/l.yml", org: "waku-org" });
    const config = loadConfig(ctx);
    expect(config.file).toBe("conf/l.yml");
    expect(config.org).toBe("waku-org");
  });

  it("falls back to .github/labels.yml when there is no labels.yaml", () => {
    mkdirSync(join(dir, ".github"));
    writeFileSync(join(dir, ".github/labels.yml"), "- name: bug\n  color: d73a4a\n");
    expect(loadConfig(contextIn(dir).ctx).file).toBe(".github/labels.yml");
  });

  it("throws InputError (exit 2) naming the paths tried when there is no file", () => {
    const error = catchError(() => loadConfig(contextIn(dir).ctx));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as Error).message).toContain("labels.yaml");
    expect((error as Error).message).toContain(".github/labels.yml");
  });

  it("throws ConfigError (exit 2) with every problem, one FILE:LINE:COL line each", () => {
    writeFileSync(join(dir, "labels.yaml"), "- name: bug\n- name: x\n  color: nope\n");
    const error = catchError(() => loadConfig(contextIn(dir).ctx)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.exitCode).toBe(2);
    expect(error.problems.map((p) => [p.line, p.column])).toEqual([
      [1, 3],
      [3, 10],
    ]);
    const lines = error.message.split("\n");
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^labels\.yaml:1:3: label "bug": missing color/),
      expect.stringMatching(/^labels\.yaml:3:10: label "x": color "nope" is not 6 hex digits/),
    ]);
    expect(error.hint).toContain("waku-pm lint");
  });

  it("prints warnings on stderr and still returns the config", () => {
    writeFileSync(join(dir, "labels.yaml"), '- name: bug\n  color: d73a4a\n  description: "broken 🐛"\n');
    const { ctx, out } = contextIn(dir);
    expect(loadConfig(ctx).labels).toHaveLength(1);
    expect(out.stderr).toMatch(/^labels\.yaml:3:16: warning: label "bug": description contains emoji/);
    expect(out.stdout).toBe("");
  });

  it("inspectConfig reports problems without throwing", () => {
    writeFileSync(join(dir, "labels.yaml"), "- name: bug\n");
    const inspection = inspectConfig(contextIn(dir).ctx);
    expect(inspection.config).toBeUndefined();
    expect(inspection.errors).toHaveLength(1);
    expect(inspection.path).toBe(join(dir, "labels.yaml"));
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
