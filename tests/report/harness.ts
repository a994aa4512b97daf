/**
 * Shared set-up for the report's CLI tests: a simulator for a seed, a config file in a temporary
 * directory, and `waku-pm report` run as a subprocess against both.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import type { Seed, SeedComment, SeedIssue, SeedLabel } from "../../src/simulator/seed.js";
import { type CliResult, runCli } from "../helpers/cli.js";

export const TOKEN = "ghp_report_test_token";

export const LABELS: SeedLabel[] = [
  "epic",
  "milestone",
  "E:alpha",
  "E:beta",
  "E:orphan",
  "E:wrap",
  "enhancement",
  "bug",
  "documentation",
  "dependencies",
].map((name) => ({ name, color: "ededed" }));

/** A weekly update whose lines carry a unique marker, so a test can find exactly where it landed. */
export function update(marker: string, heading = "**Weekly Update**", extra: string[] = []): string {
  return [heading, "", `- _achieved_: ${marker} done`, `- _next_: ${marker} next`, ...extra].join("\n");
}

export function comment(user: string, body: string, created_at: string): SeedComment {
  return { user, body, created_at };
}

/** An issue whose updated_at follows its newest comment, as on GitHub. */
export function issue(
  number: number,
  title: string,
  labels: string[],
  comments: SeedComment[] = [],
  extra: Partial<SeedIssue> = {},
): SeedIssue {
  const times = comments.map((c) => c.created_at).sort();
  const created = "2024-01-02T00:00:00Z";
  return {
    number,
    title,
    state: "open",
    labels,
    created_at: created,
    updated_at: times[times.length - 1] ?? created,
    comments,
    ...extra,
  };
}

export interface Harness {
  sim: Simulator;
  dir: string;
  run(args: string[], env?: Record<string, string>): Promise<CliResult>;
  close(): Promise<void>;
}

export async function startHarness(seed: Seed, config: string, now: string): Promise<Harness> {
  const sim = await startSimulator({ seed });
  const dir = mkdtempSync(join(tmpdir(), "waku-pm-report-"));
  writeFileSync(join(dir, "labels.yaml"), config);
  return {
    sim,
    dir,
    run: (args, env = {}) =>
      runCli(["report", ...args], {
        cwd: dir,
        env: {
          GITHUB_TOKEN: seed.tokens[0] ?? TOKEN,
          GITHUB_API_URL: sim.url,
          GITHUB_GRAPHQL_URL: sim.graphqlUrl,
          WAKU_PM_NOW: now,
          WAKU_PM_RETRY_BASE_MS: "1",
          ...env,
        },
      }),
    close: () => sim.close(),
  };
}

/** Where each marker ended up in the JSON report: "milestone:Launch/epic:10/task:api#1", … */
export function locateMarkers(json: unknown, markers: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>(markers.map((m) => [m, []]));
  const visitUpdates = (updates: { lines: string[] }[], where: string) => {
    for (const u of updates) {
      const text = u.lines.join("\n");
      for (const m of markers) {
        if (new RegExp(`${m}\\b`).test(text)) found.get(m)?.push(where);
      }
    }
  };
  type Task = { repo: string; number: number; updates: { lines: string[] }[] };
  type Epic = { number: number; updates: { lines: string[] }[]; tasks: Task[] };
  const visitEpic = (epic: Epic, where: string) => {
    visitUpdates(epic.updates, `${where}epic:${epic.number}`);
    for (const t of epic.tasks) visitUpdates(t.updates, `${where}epic:${epic.number}/task:${shortRef(t)}`);
  };
  const doc = json as {
    milestones: { title: string; updates: { lines: string[] }[]; epics: Epic[] }[];
    orphan_epics: Epic[];
    other: { category: string; tasks: Task[] }[];
  };
  for (const m of doc.milestones) {
    visitUpdates(m.updates, `milestone:${m.title}`);
    for (const e of m.epics) visitEpic(e, `milestone:${m.title}/`);
  }
  for (const e of doc.orphan_epics) visitEpic(e, "orphan/");
  for (const s of doc.other) {
    for (const t of s.tasks) visitUpdates(t.updates, `other:${s.category}/task:${shortRef(t)}`);
  }
  return found;
}

function shortRef(task: { repo: string; number: number }): string {
  return `${task.repo.split("/")[1]}#${task.number}`;
}

export function count(haystack: string, needle: RegExp): number {
  return haystack.match(new RegExp(needle.source, `${needle.flags.replace("g", "")}g`))?.length ?? 0;
}
