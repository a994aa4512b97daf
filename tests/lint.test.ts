/**
 * `waku-pm lint`: one broken file per validation rule and per real breakage of waku-org/pm's label
 * file. In-process through `main` with a fake process (lint needs no GitHub); one case runs the
 * built CLI as a subprocess, as a user does (run `npm run build` first).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { runMain } from "./helpers/process-io.js";

const DIR = "tests/fixtures/configs";
const WAKU = "tests/fixtures/waku-org-pm-labels.yaml";

interface Printed {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** The FILE:LINE:COLUMN: message lines of an output. */
function problemLines(output: string): Printed[] {
  const out: Printed[] = [];
  for (const line of output.split("\n")) {
    const m = /^(.+?):(\d+):(\d+): (.*)$/.exec(line);
    if (m) out.push({ file: m[1]!, line: Number(m[2]), column: Number(m[3]), message: m[4]! });
  }
  return out;
}

async function lint(file: string, extra: string[] = [], env: Record<string, string> = {}) {
  const r = await runMain(["lint", "--config", `${DIR}/${file}`, ...extra], { env });
  return { ...r, problems: problemLines(r.stderr) };
}

/** Lints a broken file and returns its only problem, checking exit 2 and the file/line/column. */
async function onlyProblem(file: string, line: number, column: number): Promise<string> {
  const r = await lint(file);
  expect(r.code).toBe(2);
  expect(r.problems).toHaveLength(1);
  expect(r.problems[0]).toMatchObject({ file: `${DIR}/${file}`, line, column });
  expect(r.stderr).toContain("1 problem");
  return r.problems[0]!.message;
}

describe("lint: the three real breakages of waku-org/pm's label file", () => {
  it("an entry with only a name: missing color, naming the label", async () => {
    const message = await onlyProblem("only-name.yaml", 5, 3);
    expect(message).toContain('label "E:Static sharding"');
    expect(message).toContain("missing color");
  });

  it("fields split into separate list items: asks whether a `- ` split the label", async () => {
    const r = await lint("split-entry.yaml");
    expect(r.code).toBe(2);
    expect(r.problems.map((p) => [p.line, p.column])).toEqual([
      [5, 3],
      [6, 3],
      [7, 3],
    ]);
    expect(r.problems[0]!.message).toContain('label "E:Opt-in message signing": missing color');
    for (const p of r.problems.slice(1)) {
      expect(p.message).toContain("has no name");
      expect(p.message).toContain("did a `- ` split one label into several items?");
    }
    expect(r.problems[1]!.message).toContain("only description");
    expect(r.problems[2]!.message).toContain("only color");
  });

  it("a missing `- `: duplicate keys of the entry above, with the line the dash is missing before", async () => {
    const r = await lint("missing-dash.yaml");
    expect(r.code).toBe(2);
    expect(r.problems.map((p) => p.line)).toEqual([8, 9, 10]);
    expect(r.problems[0]!.message).toBe(
      'label "E:PostgreSQL": duplicate key `name` on line 8, first defined on line 5: missing `- ` before line 8?',
    );
    expect(r.problems[2]!.message).toContain("duplicate key `color` on line 10, first defined on line 7");
  });
});

describe("lint: one broken file per validation rule", () => {
  it("unparsable YAML: every syntax error, with a hint for unquoted ': ' and tabs", async () => {
    // Not named .yaml: biome parses YAML files and would fail the project's lint on this one.
    const r = await lint("yaml-syntax.yaml.txt");
    expect(r.code).toBe(2);
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]).toMatchObject({ line: 3, column: 9 });
    expect(r.problems[0]!.message).toContain('quote a value that contains ": "');
    expect(r.problems[1]).toMatchObject({ line: 6, column: 1 });
    expect(r.problems[1]!.message).toContain("tab");
  });

  it("an entry that is not a mapping", async () => {
    const message = await onlyProblem("not-a-mapping.yaml", 3, 3);
    expect(message).toContain("entry 2");
    expect(message).toContain("not a mapping");
    expect(message).toContain("- name: enhancement");
  });

  it("unknown keys, each at its own line with the closest known key", async () => {
    const r = await lint("unknown-key.yaml");
    expect(r.code).toBe(2);
    expect(r.problems).toEqual([
      expect.objectContaining({ line: 2, column: 3, message: expect.stringContaining('label "bug"') }),
      expect.objectContaining({
        line: 5,
        column: 3,
        message: expect.stringContaining('label "documentation"'),
      }),
    ]);
    expect(r.problems[0]!.message).toContain('unknown key "colour"; did you mean "color"?');
    expect(r.problems[1]!.message).toContain('unknown key "descripton"; did you mean "description"?');
  });

  it("a name over 50 characters, at its own line deep in the real file", async () => {
    const text = readFileSync(`${DIR}/long-name.yaml`, "utf8");
    const line = text.split("\n").findIndex((l) => l.includes("with dashboards and alerts")) + 1;
    expect(line).toBeGreaterThan(150);
    const message = await onlyProblem("long-name.yaml", line, 9);
    expect(message).toContain(
      'label "E:4.1: Basic front end for node operators, with dashboards and alerts"',
    );
    expect(message).toContain("name is 69 characters");
    expect(message).toContain("at most 50");
  });

  it("a description over 100 characters", async () => {
    const message = await onlyProblem("long-description.yaml", 2, 16);
    expect(message).toContain('label "release-notes": description is 104 characters');
    expect(message).toContain("at most 100");
  });

  it("bad colours: each one, naming label and field; '#' and upper case are fine", async () => {
    const r = await lint("bad-colour.yaml");
    expect(r.code).toBe(2);
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]).toMatchObject({ line: 2, column: 10 });
    expect(r.problems[0]!.message).toContain('label "bug": color "d73a4" is not 6 hex digits');
    expect(r.problems[1]).toMatchObject({ line: 6, column: 10 });
    expect(r.problems[1]!.message).toContain('label "invalid": color "e4e66g"');
  });

  it("an unquoted #colour is a YAML comment: the colour is empty, and the fix is to quote it", async () => {
    const message = await onlyProblem("hash-colour.yaml", 3, 10);
    expect(message).toContain('label "bug": color is empty');
    expect(message).toContain('color: "#d73a4a"');
  });

  it("two labels equal ignoring case", async () => {
    const message = await onlyProblem("same-name.yaml", 5, 9);
    expect(message).toContain('label "Bug": same name as label "bug" on line 1');
  });

  it("aliases: own name, clash with another label, with another alias, listed twice", async () => {
    const r = await lint("aliases.yaml");
    expect(r.code).toBe(2);
    const byLineCol = r.problems.map((p) => `${p.line}:${p.column} ${p.message}`);
    expect(byLineCol).toHaveLength(4);
    expect(byLineCol[0]).toMatch(/^6:25 label "E:PostgreSQL": alias "E:PostgreSQL" is the label's own name/);
    expect(byLineCol[1]).toMatch(
      /^6:41 label "E:PostgreSQL": alias "type: BUG" is also an alias of label "bug"/,
    );
    expect(byLineCol[2]).toMatch(/^9:22 label "enhancement": alias "BUG" is also the name of label "bug"/);
    expect(byLineCol[3]).toMatch(/^9:27 label "enhancement": alias "Feature" is listed twice/);
    // `Bug` as an alias of `bug` is a case-only rename, which is allowed.
    expect(r.stderr).not.toMatch(/alias "Bug"/);
  });

  it("a name made only of emoji is an error; emoji beside a word is fine", async () => {
    const message = await onlyProblem("emoji-name.yaml", 3, 9);
    expect(message).toContain('label "🚀🔥": name is only emoji');
  });

  it("emoji in a description is a warning, not an error: exit 0", async () => {
    const r = await lint("emoji.yaml");
    expect(r.code).toBe(0);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ line: 2, column: 16 });
    expect(r.problems[0]!.message).toMatch(/^warning: label "bug": description contains emoji/);
    expect(r.stdout).toContain("2 labels");
    expect(r.stdout).toContain("1 warning");
  });

  it("the mapping shape: unknown top-level key, wrong types, bad globs, milestones not string→string", async () => {
    const r = await lint("mapping-broken.yaml");
    expect(r.code).toBe(2);
    expect(r.problems.map((p) => `${p.line}:${p.column}`)).toEqual([
      "2:1",
      "5:20",
      "5:40",
      "6:12",
      "10:5",
      "11:7",
    ]);
    const [key, slash, bracket, exclude, milestone, team] = r.problems.map((p) => p.message);
    expect(key).toContain('unknown key "pm-repo"; did you mean "pm_repo"?');
    expect(slash).toContain('repos.include[1] "waku-org/js-waku" contains "/"');
    expect(bracket).toContain('repos.include[2] "js-[waku" has a "[" that is never closed');
    expect(exclude).toContain("repos.exclude must be a list");
    expect(milestone).toContain('milestones.qa: unknown key "titel"; did you mean "title"?');
    expect(team).toContain("team must be a list");
    expect(r.stderr).toContain("6 problems");
  });

  it("an empty file", async () => {
    const message = await onlyProblem("empty.yaml", 1, 1);
    expect(message).toContain("empty");
  });

  it("reports every problem at once: a file with 3 errors lists 3", async () => {
    const r = await lint("three-errors.yaml");
    expect(r.code).toBe(2);
    expect(r.problems.map((p) => p.line)).toEqual([2, 5, 6]);
    expect(r.problems[0]!.message).toContain('label "bug": unknown key "colour"');
    expect(r.problems[1]!.message).toContain('label "enhancement": color "a2eeeg"');
    expect(r.problems[2]!.message).toContain("name is 66 characters");
    expect(r.stderr).toContain("3 problems");
    // Outside GitHub Actions: no annotations anywhere.
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toContain("::error");
  });
});

describe("lint: the real waku-org label file and the project's labels.yaml", () => {
  const fixture = readFileSync(WAKU, "utf8");
  // Expectations come from the file's text, not from the YAML parser under test.
  const names = [...fixture.matchAll(/^- name: (.*)$/gm)].map((m) => m[1]!.replace(/^"(.*)"$/, "$1"));
  const colors = [...fixture.matchAll(/^ {2}color: (\S+)$/gm)].map((m) => m[1]!.toLowerCase());

  it("loads all 59 labels of the bare list with every colour as written, lowercased", async () => {
    expect(names).toHaveLength(59);
    const r = await runMain(["lint", "--json", "--config", WAKU]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ version: 1, file: WAKU, valid: true, problems: [], warnings: [] });
    expect(out.labels.map((l: { name: string }) => l.name)).toEqual(names);
    expect(out.labels.map((l: { color: string }) => l.color)).toEqual(colors);
    expect(out.labels.find((l: { name: string }) => l.name === "help wanted").color).toBe("008672");
    expect(out.labels[0]).toEqual({
      name: "bug",
      color: "d73a4a",
      description: "Something isn't working",
      aliases: [],
    });
  });

  it("prints a one-line human summary with the track and epic counts (the built CLI, as a user runs it)", async () => {
    const r = await runCli(["lint", "--config", WAKU]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`✓ ${WAKU}: 59 labels (14 track, 28 epic) valid\n`);
    expect(r.stderr).toBe("");
  });

  it("keeps unquoted colours that YAML would read as numbers exactly as written", async () => {
    const r = await runMain(["lint", "--json", "--config", `${DIR}/numeric-colours.yaml`]);
    expect(r.code).toBe(0);
    const colours = JSON.parse(r.stdout).labels.map((l: { color: string }) => l.color);
    expect(colours).toEqual(["008672", "1e5000", "000000", "000777", "abcdef"]);
  });

  it("the root labels.yaml (found without --config) lints clean with the fixture's 59 labels", async () => {
    const r = await runMain(["lint", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      file: "labels.yaml",
      valid: true,
      shape: "mapping",
      problems: [],
      warnings: [],
    });
    expect(out.labels.map((l: { name: string }) => l.name)).toEqual(names);
    expect(out.labels.map((l: { color: string }) => l.color)).toEqual(colors);
    // Descriptions too: the root file is the fixture's labels, nothing changed. The only addition
    // is one documented alias (the old name E:Postgres), which the real file could not express.
    const fixture = JSON.parse((await runMain(["lint", "--json", "--config", WAKU])).stdout);
    const withoutAliases = (labels: { aliases: string[] }[]) => labels.map((l) => ({ ...l, aliases: [] }));
    expect(withoutAliases(out.labels)).toEqual(fixture.labels);
    expect(out.labels.filter((l: { aliases: string[] }) => l.aliases.length > 0)).toEqual([
      expect.objectContaining({ name: "E:PostgreSQL", aliases: ["E:Postgres"] }),
    ]);
  });

  it("the mapping shape with '#' and upper-case colours and an alias", async () => {
    const r = await runMain(["lint", "--json", "--config", `${DIR}/mapping-good.yaml`]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ valid: true, shape: "mapping" });
    expect(out.labels).toEqual([
      { name: "bug", color: "d73a4a", aliases: ["Bug"] },
      {
        name: "E:Static sharding",
        color: "b60205",
        description: "See https://github.com/waku-org/pm/issues/15 for details",
        aliases: [],
      },
    ]);
  });

  it("--json of an invalid file: valid false, problems with severity, the labels that are fine", async () => {
    const r = await runMain(["lint", "--json", "--config", `${DIR}/only-name.yaml`]);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.valid).toBe(false);
    expect(out.problems).toEqual([
      {
        file: `${DIR}/only-name.yaml`,
        line: 5,
        column: 3,
        message: expect.stringContaining("missing color"),
        severity: "error",
      },
    ]);
    expect(out.labels.map((l: { name: string }) => l.name)).toEqual(["bug", "enhancement"]);
  });

  it("--json lists warnings separately and stays valid", async () => {
    const r = await runMain(["lint", "--json", "--config", `${DIR}/emoji.yaml`]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.valid).toBe(true);
    expect(out.problems).toEqual([]);
    expect(out.warnings).toEqual([expect.objectContaining({ line: 2, column: 16, severity: "warning" })]);
  });
});

describe("lint under GitHub Actions", () => {
  it("also prints each problem as an ::error annotation on stdout", async () => {
    const r = await lint("three-errors.yaml", [], { GITHUB_ACTIONS: "true" });
    expect(r.code).toBe(2);
    const annotations = r.stdout.split("\n").filter((l) => l.startsWith("::"));
    expect(annotations).toHaveLength(3);
    expect(annotations[0]).toBe(
      `::error file=${DIR}/three-errors.yaml,line=2,col=3::label "bug": unknown key "colour"; did you mean "color"?`,
    );
    expect(annotations[2]).toMatch(/^::error file=[^:,]+,line=6,col=9::label "E:1\.1 Network/);
  });

  it("prints warnings as ::warning annotations", async () => {
    const r = await lint("emoji.yaml", [], { GITHUB_ACTIONS: "true" });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `::warning file=${DIR}/emoji.yaml,line=2,col=16::label "bug": description contains emoji`,
    );
  });

  it("keeps --json output parseable: annotations go to stderr then", async () => {
    const r = await lint("three-errors.yaml", ["--json"], { GITHUB_ACTIONS: "true" });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).problems).toHaveLength(3);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("::error "))).toHaveLength(3);
  });
});

describe("lint: help", () => {
  it("--help shows examples and the --config/--json options", async () => {
    const r = await runMain(["lint", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain("waku-pm lint --config .github/labels.yml");
    expect(r.stdout).toContain("--config");
    expect(r.stdout).toContain("--json");
  });
});
