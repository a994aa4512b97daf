/**
 * sync-labels on a terminal, in-process: the question before deletes (a fake terminal on stdin),
 * tables and the label matrix fitting the terminal's width, the progress bar naming the repository,
 * and the heading of a repository where only labels in use would stay.
 */
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { runSyncLabels } from "../../src/commands/sync-labels.js";
import type { Output } from "../../src/context.js";
import type { Repo } from "../../src/github/repos.js";
import { createContext, loadGitHubClient, type ProcessIO } from "../../src/runtime.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { findRepo } from "../../src/simulator/state.js";
import { renderMatrix } from "../../src/sync/matrix.js";
import type { OrgPlan } from "../../src/sync/org.js";
import { SyncProgress } from "../../src/sync/progress.js";
import { renderRepo } from "../../src/sync/render.js";
import type { RepoReport } from "../../src/sync/run.js";
import { displayWidth } from "../../src/text/width.js";

const TOKEN = "ghp_terminal_canary_789";
const PM_ONLY = fileURLToPath(new URL("../fixtures/sync/pm-only.yaml", import.meta.url));

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function terminal(columns = 100) {
  const chunks: string[] = [];
  const stream = { write: (s: string) => void chunks.push(s), isTTY: true, columns };
  return { stream, text: () => chunks.join("") };
}

/** A fake terminal to answer from: a stream that says it is a TTY. */
function keyboard(answer: string | undefined) {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  if (answer !== undefined) input.end(answer);
  else input.end();
  return input;
}

async function prunable() {
  sim = await startSimulator({
    seed: {
      org: "waku-org",
      tokens: [TOKEN],
      repos: [
        {
          name: "pm",
          labels: [
            { name: "bug", color: "d73a4a", description: "Something isn't working" },
            {
              name: "E:PostgreSQL",
              color: "35dccc",
              description: "See https://github.com/waku-org/pm/issues/97 for details",
            },
            { name: "wontfix", color: "ffffff" },
          ],
        },
      ],
    },
  });
  return sim;
}

async function run(
  s: Simulator,
  flags: Record<string, unknown>,
  stdin: PassThrough & { isTTY: boolean },
  tty = true,
  globals: Record<string, unknown> = {},
) {
  await loadGitHubClient();
  const stdout = terminal();
  const stderr = terminal();
  const io: ProcessIO = {
    stdout: { ...stdout.stream, isTTY: tty },
    stderr: { ...stderr.stream, isTTY: tty },
    env: { GITHUB_TOKEN: TOKEN, WAKU_PM_RETRY_BASE_MS: "1", NO_COLOR: "1" },
    cwd: process.cwd(),
    now: () => new Date(),
    exitCode: undefined,
  };
  const ctx = createContext(io, { config: PM_ONLY, apiUrl: s.url, cache: false, ...globals });
  const code = await runSyncLabels(ctx, { writeInterval: "0", prune: true, ...flags }, { stdin });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function labelNames(s: Simulator): string[] {
  return findRepo(s.state, "pm")!.labels.map((l) => l.name);
}

describe("the question before deletes", () => {
  it("on a terminal shows the plan and asks; no deletes nothing", async () => {
    const s = await prunable();
    const r = await run(s, {}, keyboard("n\n"));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("delete");
    expect(r.stdout).toContain("wontfix");
    expect(r.stderr).toContain("waku-pm: delete 1 label in 1 repository? [y/N]");
    expect(r.stderr).toContain("nothing was written");
    expect(s.log.filter((e) => e.write)).toEqual([]);
    expect(labelNames(s)).toContain("wontfix");
  });

  it("y deletes; end of input is no", async () => {
    const s = await prunable();
    expect((await run(s, {}, keyboard(undefined))).code).toBe(1);
    expect(labelNames(s)).toContain("wontfix");
    const yes = await run(s, {}, keyboard("y\n"));
    expect(yes.code).toBe(0);
    expect(labelNames(s)).not.toContain("wontfix");
  });

  it("a run whose input is not a terminal does not ask: --prune means what it says", async () => {
    const s = await prunable();
    const piped = Object.assign(new PassThrough(), { isTTY: false });
    const r = await run(s, {}, piped, false);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("[y/N]");
    expect(labelNames(s)).not.toContain("wontfix");
  });

  it("--yes does not ask on a terminal", async () => {
    const s = await prunable();
    const yes = await run(s, { yes: true }, keyboard(undefined));
    expect(yes.code).toBe(0);
    expect(yes.stderr).not.toContain("[y/N]");
    expect(labelNames(s)).not.toContain("wontfix");
  });
});

const LONG = "a very long description that a label may well have, going on and on past the edge";
const report: RepoReport = {
  repo: "waku-org/nwaku",
  status: "ok",
  results: [
    {
      change: {
        action: "update",
        name: "E:3.4: Light push and filter protocol for resource-restricted devices",
        fields: { description: { from: LONG, to: `${LONG}, now changed` } },
        color: "d73a4a",
        description: `${LONG}, now changed`,
      },
      status: "applied",
    },
    { change: { action: "keep-in-use", name: "old", issues: 12345 }, status: "applied" },
  ],
};

describe("tables fit the terminal", () => {
  it("wraps the label and details columns to the width; nothing is cut, actions and counts stay whole", () => {
    for (const columns of [80, 120]) {
      const text = renderRepo(report, { isTTY: true, color: false, columns }, true);
      const lines = text.trimEnd().split("\n");
      for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(columns);
      expect(text).toContain("keep-in-use");
      expect(lines.some((l) => l.includes("12345"))).toBe(true);
      // Wrapped, not cut: every word of the long description is still there.
      const words = lines.join(" ").replace(/[│┌┐└┘├┤┬┴┼─]/g, " ");
      for (const word of LONG.split(" ")) expect(words).toContain(word);
    }
  });

  it("piped output stays tab-separated and whole", () => {
    const text = renderRepo(report, { isTTY: false, color: false, columns: 80 }, true);
    expect(text).toContain(`description "${LONG}" → "${LONG}, now changed"`);
    expect(text.trimEnd().split("\n")).toHaveLength(4);
  });

  it("a repository where only labels in use would stay says so instead of '0 changes'", () => {
    const kept: RepoReport = { ...report, results: [report.results[1]!] };
    expect(renderRepo(kept, { isTTY: false, color: false }, false).split("\n")[0]).toBe(
      "waku-org/nwaku: no change; 1 label outside the config kept (in use)",
    );
  });
});

function repo(name: string): Repo {
  return { name, fullName: `waku-org/${name}`, archived: false, fork: false };
}

const labels = [
  { name: "bug", color: "d73a4a", aliases: [], line: 3 },
  { name: "E:PostgreSQL", color: "35dccc", aliases: ["E:Postgres"], line: 6 },
  { name: "docs", color: "0075ca", aliases: [], line: 9 },
];

function matrixPlan(repos: number): OrgPlan {
  const names = Array.from({ length: repos }, (_, i) => `repository-number-${i}`);
  return {
    org: "waku-org",
    warnings: [],
    repos: [
      ...names.map((name, i) => ({
        repo: repo(name),
        status: "planned" as const,
        plan: {
          changes:
            i % 2 === 0
              ? [
                  { action: "create" as const, name: "bug", color: "d73a4a" },
                  {
                    action: "rename" as const,
                    name: "E:PostgreSQL",
                    from: "E:Postgres",
                    reason: "alias" as const,
                    fields: {},
                    color: "35dccc",
                  },
                ]
              : [{ action: "create" as const, name: "bug", color: "d73a4a" }],
        },
      })),
      { repo: repo("in-sync"), status: "planned" as const, plan: { changes: [] } },
      { repo: repo("broken"), status: "failed" as const, error: "GitHub failed (500)" },
    ],
  };
}

describe("the label matrix", () => {
  it("piped: a tab-separated row per label that differs, a column per repository that differs", () => {
    const text = renderMatrix(matrixPlan(3), labels, { isTTY: false, color: false });
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "label\twaku-org/repository-number-0\twaku-org/repository-number-1\twaku-org/repository-number-2",
    );
    expect(lines[1]).toBe("bug\tmissing\tmissing\tmissing");
    expect(lines[2]).toBe("E:PostgreSQL\trenamed\tok\trenamed");
    expect(text).toContain("2 labels differ in 3 repositories; 1 in sync");
    expect(text).toContain("waku-org/broken: could not be read: GitHub failed (500)");
    expect(text).not.toContain("docs");
  });

  it("on a terminal fits the width: numbered columns with a key, split into several grids when needed", () => {
    for (const count of [2, 40]) {
      const text = renderMatrix(matrixPlan(count), labels, { isTTY: true, color: false, columns: 80 });
      for (const line of text.split("\n")) {
        expect(displayWidth(line)).toBeLessThanOrEqual(80);
      }
      expect(text).toContain("+ missing (would be created)");
      if (count === 40) {
        expect(text).toContain("repositories: 1 repository-number-0, 2 repository-number-1");
        expect(text.split("┌").length - 1).toBeGreaterThan(1);
      } else {
        expect(text).toContain("repository-number-1");
      }
    }
  });

  it("is reached with sync-labels --format matrix, never writes, and refuses --json", async () => {
    const s = await prunable();
    const r = await run(s, { format: "matrix", prune: false }, keyboard(undefined), false);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("every label matches the config in 1 repository");
    expect(s.log.filter((e) => e.write)).toEqual([]);
    await expect(run(s, { format: "matrix" }, keyboard(undefined), false, { json: true })).rejects.toThrow(
      "--json and --format matrix contradict each other",
    );
  });
});

describe("the progress bar", () => {
  it("names the repository being written", () => {
    const chunks: string[] = [];
    const out: Output = { write: (s) => void chunks.push(s), isTTY: true, color: false, columns: 120 };
    const progress = new SyncProgress(
      out,
      { writeIntervalMs: 1000, bar: true, now: () => 0 },
      { total: 4, repos: 2 },
    );
    progress.start();
    progress.repoStart("waku-org/nwaku", 3);
    progress.write();
    expect(chunks.join("")).toMatch(/\] 1\/4 writes · ETA \ds · waku-org\/nwaku/);
  });
});
