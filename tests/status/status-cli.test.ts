/**
 * `waku-pm status` end to end: the built CLI as a subprocess against the GitHub simulator seeded
 * with a Gen-0-shaped organisation. Every expected number is computed from the seed.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoSeed } from "../../src/simulator/demo-seed.js";
import { startSimulator } from "../../src/simulator/index.js";
import type { Seed } from "../../src/simulator/seed.js";
import {
  BIG_EPIC,
  buildGen0Seed,
  type ExpectedEpic,
  expectedEpics,
  FORMULA_TITLE,
  ORG,
  SECOND_LABEL,
  TOKEN,
} from "../fixtures/status/gen0-seed.js";
import { type CliResult, runCli } from "../helpers/cli.js";
import { runMain } from "../helpers/process-io.js";

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

const NOW = "2023-11-24T12:00:00Z";
const ANSI = /\u001b/;

interface StatusJson {
  version: number;
  milestone: { number: number; title: string; url: string; due_on: string | null; state: string } | null;
  epics: {
    number: number;
    title: string;
    url: string;
    state: string;
    label: string | null;
    open: number;
    closed: number;
    total: number;
    percent: number;
    tasks: {
      repo: string;
      number: number;
      title: string;
      url: string;
      state: string;
      pull_request: boolean;
      assignees: string[];
    }[];
  }[];
  totals: { open: number; closed: number; total: number; percent: number };
  warnings: string[];
}

function writeConfig(dir: string, org: string, extra = ""): void {
  writeFileSync(
    join(dir, "labels.yaml"),
    `org: ${org}\npm_repo: pm\nepic_prefix: "E:"\nmilestones:\n  g0: Waku Network Gen 0\n${extra}labels:\n  - name: epic\n    color: 07544b\n`,
  );
}

let seed: Seed;
let sim: Simulator;
let dir: string;

function status(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return runCli(["status", ...args], {
    cwd: dir,
    env: { GITHUB_API_URL: sim.url, GITHUB_TOKEN: TOKEN, WAKU_PM_NOW: NOW, ...env },
  });
}

/** Snapshots must not depend on the simulator's random port. */
function stable(text: string): string {
  return text.split(sim.url.replace(/\/+$/, "")).join("http://simulator");
}

/** Parses a run's JSON, failing with its exit code and stderr rather than a bare syntax error. */
function parseJson<T>(r: CliResult): T {
  if (r.code !== 0) throw new Error(`status exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

function percent(closed: number, total: number): number {
  return total === 0 ? 0 : Math.floor((closed * 100) / total);
}

function byKey<T extends { repo: string; number: number }>(list: T[]): T[] {
  return [...list].sort((a, b) => (a.repo === b.repo ? a.number - b.number : a.repo < b.repo ? -1 : 1));
}

beforeAll(async () => {
  seed = buildGen0Seed();
  sim = await startSimulator({ seed });
  dir = mkdtempSync(join(tmpdir(), "waku-pm-status-"));
  writeConfig(dir, ORG);
});

afterAll(async () => {
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("status --milestone (JSON)", () => {
  let json: StatusJson;
  let truth: ExpectedEpic[];
  let result: CliResult;

  let requests: number;

  beforeAll(async () => {
    const before = sim.log.length;
    result = await status(["--milestone", "1", "--format", "json"]);
    requests = sim.log.length - before;
    json = parseJson<StatusJson>(result);
    truth = expectedEpics(seed, 1);
  });

  it("exits 0 with the milestone", () => {
    expect(result.code, result.stderr).toBe(0);
    expect(json.version).toBe(1);
    expect(json.milestone).toMatchObject({
      number: 1,
      title: "Waku Network Gen 0",
      state: "open",
      due_on: expect.stringMatching(/^2023-12-01/),
    });
    expect(json.milestone?.url).toMatch(/\/pm\/milestone\/1$/);
  });

  it("has the 13 epics of the seed with exactly the tasks the seed gives them, epic by epic", () => {
    expect(json.epics.map((e) => e.number)).toEqual(truth.map((e) => e.number));
    expect(json.epics).toHaveLength(13);
    for (const expected of truth) {
      const got = json.epics.find((e) => e.number === expected.number)!;
      const closed = expected.tasks.filter((t) => t.state === "closed").length;
      expect(
        { title: got.title, state: got.state, label: got.label, total: got.total },
        `epic #${expected.number}`,
      ).toEqual({
        title: expected.title,
        state: expected.state,
        label: expected.labels[0] ?? null,
        total: expected.tasks.length,
      });
      expect(got.closed, `epic #${expected.number} closed`).toBe(closed);
      expect(got.open, `epic #${expected.number} open`).toBe(expected.tasks.length - closed);
      expect(got.percent, `epic #${expected.number} percent`).toBe(percent(closed, expected.tasks.length));
      const tasks = byKey(got.tasks).map(({ url: _url, ...rest }) => rest);
      expect(tasks, `epic #${expected.number} tasks`).toEqual(byKey(expected.tasks));
    }
  });

  it("follows pagination: the epic with more than 100 tasks in one repository is complete", () => {
    const big = json.epics.find((e) => e.number === BIG_EPIC)!;
    const inBigRepo = big.tasks.filter((t) => t.repo === `${ORG}/nwaku` && !t.pull_request);
    expect(inBigRepo.length).toBeGreaterThan(100);
    expect(big.tasks.some((t) => t.pull_request)).toBe(true);
  });

  it("counts a task with two epic labels in both epics, once in the totals", () => {
    const counts = new Map<string, number>();
    for (const e of json.epics)
      for (const t of e.tasks)
        counts.set(`${t.repo}#${t.number}`, (counts.get(`${t.repo}#${t.number}`) ?? 0) + 1);
    expect([...counts.values()].some((n) => n > 1)).toBe(true);
    const distinct = new Map<string, string>();
    for (const e of truth) for (const t of e.tasks) distinct.set(`${t.repo}#${t.number}`, t.state);
    const closed = [...distinct.values()].filter((s) => s === "closed").length;
    expect(json.totals).toEqual({
      open: distinct.size - closed,
      closed,
      total: distinct.size,
      percent: percent(closed, distinct.size),
      not_planned: 0,
    });
  });

  it("counts the tasks of both labels of an epic carrying two, and warns about it", () => {
    const e71 = json.epics.find((e) => e.number === 71)!;
    expect(e71.tasks.some((t) => t.title === "old-label task")).toBe(true);
    expect(json.warnings.some((w) => w.includes("#71") && w.includes(SECOND_LABEL))).toBe(true);
    expect(result.stderr).toContain(SECOND_LABEL);
  });

  it("lists open tasks first, links every task and excludes the epic issue itself", () => {
    for (const e of json.epics) {
      const states = e.tasks.map((t) => t.state);
      expect(states, `epic #${e.number}`).toEqual(
        [...states].sort((a, b) => (a === b ? 0 : a === "open" ? -1 : 1)),
      );
      expect(e.tasks.some((t) => t.repo === `${ORG}/pm` && t.number === e.number)).toBe(false);
      for (const t of e.tasks) expect(t.url).toMatch(new RegExp(`/${t.repo}/(issues|pull)/${t.number}$`));
    }
  });

  it("reads GitHub in a handful of GraphQL documents (overview, counts, pages of search results), no REST", () => {
    expect(requests).toBeGreaterThan(0);
    expect(requests).toBeLessThanOrEqual(10);
  });
});

describe("status milestone selection", () => {
  it("1, the title and a fragment in any case pick the same milestone", async () => {
    const selectors = ["1", "Waku Network Gen 0", "gen0", "GEN 0"];
    const results = await Promise.all(selectors.map((s) => status(["--milestone", s, "--json"])));
    for (const [i, r] of results.entries()) {
      expect(r.code, `${selectors[i]}: ${r.stderr}`).toBe(0);
      expect(parseJson<StatusJson>(r).milestone?.title, selectors[i]).toBe("Waku Network Gen 0");
    }
  });

  it("an ambiguous fragment exits 2 listing the candidates", async () => {
    const r = await status(["--milestone", "waku network"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Waku Network Gen 0");
    expect(r.stderr).toContain("Waku Network can Support 1 Million Users");
    expect(r.stderr).not.toContain("Support Many Platforms");
  });

  it("an unknown milestone exits 2 listing every milestone", async () => {
    const r = await status(["--milestone", "gen 7"]);
    expect(r.code).toBe(2);
    for (const title of [
      "Waku Network Gen 0",
      "Support Many Platforms",
      "Quality Assurance processes are in place",
    ]) {
      expect(r.stderr).toContain(title);
    }
  });
});

describe("status output formats", () => {
  // Independent runs, started together: each is a subprocess.
  let table: CliResult;
  let markdown: CliResult;
  let epicMarkdown: CliResult;
  let orphan: CliResult;
  beforeAll(async () => {
    [table, markdown, epicMarkdown, orphan] = await Promise.all([
      status(["--milestone", "gen0"], { NO_COLOR: undefined }),
      status(["--milestone", "gen0", "--format", "markdown"]),
      status(["--epic", "74", "--format", "markdown"]),
      status(["--epic", "e:orphan WORK", "--json"]),
    ]);
  });

  it("--epic finds an epic outside any milestone by its label, any case (milestone null)", () => {
    const json = parseJson<StatusJson>(orphan);
    expect(json.milestone).toBeNull();
    expect(json.epics.map((e) => [e.number, e.label, e.total])).toEqual([[44, "E:Orphan work", 1]]);
    expect(json.totals).toEqual({ open: 1, closed: 0, total: 1, percent: 0, not_planned: 0 });
  });

  it("table matches its snapshot (clock pinned)", async () => {
    expect(table.code, table.stderr).toBe(0);
    await expect(stable(table.stdout)).toMatchFileSnapshot("__snapshots__/gen0-table.txt");
    expect(table.stdout).toContain("7 days left");
  });

  it("markdown matches its snapshot", async () => {
    expect(markdown.code, markdown.stderr).toBe(0);
    await expect(stable(markdown.stdout)).toMatchFileSnapshot("__snapshots__/gen0-markdown.txt");
  });

  it("piped output has no ANSI codes even without NO_COLOR (render.test.ts shows colour when allowed)", () => {
    expect(table.stdout).not.toMatch(ANSI);
    expect(table.stderr).toContain("warning:");
    expect(table.stderr).not.toMatch(ANSI);
  });

  it("a title with an escape sequence and a | corrupts neither the table nor the markdown", () => {
    // Piped, the table is tab-separated: every row has as many cells as the header.
    const rows = table.stdout.split("\n").filter((l) => l.includes("\t"));
    const row74 = rows.find((l) => l.startsWith("#74\t"))!;
    expect(row74).toContain("Title with escape | pipe");
    expect(new Set(rows.map((l) => l.split("\t").length))).toEqual(new Set([7]));

    const mdRow = markdown.stdout.split("\n").find((l) => l.includes("#74"))!;
    expect(mdRow).not.toMatch(ANSI);
    expect(mdRow.match(/(?<!\\)\|/g)).toHaveLength(6);

    expect(epicMarkdown.code, epicMarkdown.stderr).toBe(0);
    const taskRow = epicMarkdown.stdout.split("\n").find((l) => l.includes("fix: pipe"))!;
    expect(taskRow).not.toMatch(ANSI);
    expect(taskRow.match(/(?<!\\)\|/g)).toHaveLength(7);
    expect(taskRow).toContain("&lt;b&gt;");
  });

  it("CSV has a row per task, RFC 4180 quoting and neutralised formulas", async () => {
    const r = await status(["--milestone", "gen0", "--format", "csv"]);
    expect(r.code, r.stderr).toBe(0);
    const rows = parseCsv(r.stdout);
    const header = rows[0]!;
    const title = header.indexOf("title");
    const truth = expectedEpics(seed, 1);
    const expectedRows = truth.reduce((n, e) => n + Math.max(1, e.tasks.length), 0);
    expect(rows.length - 1).toBe(expectedRows);
    const formula = rows.find((row) => row[title]?.includes("HYPERLINK"))!;
    expect(formula[title]).toBe(`'${FORMULA_TITLE}`);
    for (const row of rows.slice(1)) {
      for (const cell of row) expect(cell, row.join(",")).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it("--epic lists that epic's tasks, open first, with repository and kind", async () => {
    const r = await status(["--epic", "E:1.2 Autosharding for autoscaling"]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\n").filter((l) => /^(open|closed)\t/.test(l));
    const truth = expectedEpics(seed, 1).find((e) => e.number === BIG_EPIC)!;
    expect(lines).toHaveLength(truth.tasks.length);
    const firstClosed = lines.findIndex((l) => l.startsWith("closed\t"));
    expect(firstClosed).toBe(truth.tasks.filter((t) => t.state === "open").length);
    expect(lines.slice(firstClosed).every((l) => l.startsWith("closed\t"))).toBe(true);
    expect(r.stdout).toContain("Waku Network Gen 0");
    expect(lines.some((l) => l.split("\t")[3] === "PR")).toBe(true);
  });

  it("--json with --format markdown is bad input (exit 2), found before any request", async () => {
    const before = sim.log.length;
    // In-process (`main` with a fake process): the conflict is found while parsing flags.
    const r = await runMain(["status", "--milestone", "1", "--json", "--format", "markdown"], {
      cwd: dir,
      env: { GITHUB_API_URL: sim.url, GITHUB_TOKEN: TOKEN, WAKU_PM_NOW: NOW },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--json and --format markdown");
    expect(sim.log.length).toBe(before);
  });
});

describe("status without --milestone", () => {
  it("gives one row per open milestone with epics and distinct tasks, for a few GraphQL points", async () => {
    const before = sim.log.length;
    const r = await status(["--json"]);
    expect(r.code, r.stderr).toBe(0);
    const spent = sim.log.slice(before);
    expect(spent.every((e) => e.kind === "graphql")).toBe(true);
    expect(spent.reduce((sum, e) => sum + e.cost, 0)).toBeLessThanOrEqual(15);
    const json = parseJson<{
      milestones: {
        number: number;
        epics: { closed: number; total: number };
        closed: number;
        total: number;
      }[];
    }>(r);
    expect(json.milestones.map((m) => m.number)).toEqual([1, 2, 3]);
    for (const m of json.milestones) {
      const truth = expectedEpics(seed, m.number);
      const distinct = new Map<string, string>();
      for (const e of truth) for (const t of e.tasks) distinct.set(`${t.repo}#${t.number}`, t.state);
      expect(m.epics).toEqual({
        closed: truth.filter((e) => e.state === "closed").length,
        total: truth.length,
      });
      expect(m.total).toBe(distinct.size);
      expect(m.closed).toBe([...distinct.values()].filter((s) => s === "closed").length);
    }
  });
});

describe("status on the demo organisation", () => {
  let demo: Simulator;
  let demoDir: string;
  beforeAll(async () => {
    const s = demoSeed();
    s.tokens = [...s.tokens, TOKEN];
    demo = await startSimulator({ seed: s });
    demoDir = mkdtempSync(join(tmpdir(), "waku-pm-status-demo-"));
    writeConfig(demoDir, s.org);
  });
  afterAll(async () => {
    await demo?.close();
    if (demoDir) rmSync(demoDir, { recursive: true, force: true });
  });

  it("costs at most 10 points for Gen 0 (the cost follows the tasks, not the repositories)", async () => {
    const before = demo.log.length;
    const r = await runCli(["status", "--milestone", "gen0", "--json"], {
      cwd: demoDir,
      env: { GITHUB_API_URL: demo.url, GITHUB_TOKEN: TOKEN, WAKU_PM_NOW: NOW },
    });
    expect(r.code, r.stderr).toBe(0);
    const json = parseJson<StatusJson>(r);
    expect(json.epics).toHaveLength(13);
    expect(json.totals.total).toBeGreaterThan(0);
    const spent = demo.log.slice(before);
    expect(spent.every((e) => e.kind === "graphql")).toBe(true);
    expect(spent.reduce((sum, e) => sum + e.cost, 0)).toBeLessThanOrEqual(10);
  });

  it("gives the open-milestone overview for a few points, with the same numbers as --milestone", async () => {
    const before = demo.log.length;
    const r = await runCli(["status", "--json"], {
      cwd: demoDir,
      env: { GITHUB_API_URL: demo.url, GITHUB_TOKEN: TOKEN, WAKU_PM_NOW: NOW },
    });
    const json = parseJson<{ milestones: { title: string; total: number }[] }>(r);
    expect(json.milestones.map((m) => m.title)).toContain("Waku Network Gen 0");
    expect(json.milestones.every((m) => m.total > 0)).toBe(true);
    const spent = demo.log.slice(before);
    expect(spent.every((e) => e.kind === "graphql")).toBe(true);
    expect(spent.reduce((sum, e) => sum + e.cost, 0)).toBeLessThanOrEqual(15);
    // The overview counts from the same task lists as --milestone: the two agree.
    const gen0 = await runCli(["status", "--milestone", "gen0", "--json"], {
      cwd: demoDir,
      env: { GITHUB_API_URL: demo.url, GITHUB_TOKEN: TOKEN, WAKU_PM_NOW: NOW },
    });
    const totals = parseJson<StatusJson>(gen0).totals;
    const row = json.milestones.find((m) => m.title === "Waku Network Gen 0") as {
      total: number;
      closed?: number;
    };
    expect(row.total).toBe(totals.total);
  });
});

/** A small RFC 4180 parser, so the test reads the CSV the way a spreadsheet does. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}
