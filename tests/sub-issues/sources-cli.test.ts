/**
 * The three epic sources end to end, on the demo's Deliverables (DEMO_DELIVERABLES: nested
 * sub-issues across repositories, and deliberate disagreements between labels and links):
 * - `sub-issues`: status counts each epic's leaves once (groups shown, never counted);
 * - `both`: check exits 1 naming every task in one model and not the other, exactly the fixes
 *   link-tasks plans; what GitHub forbids is a warning naming the task and the rule; after
 *   link-tasks, check is green.
 * The expected numbers come from DEMO_DELIVERABLES, never from the CLI.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DELIVERABLE_LABEL,
  DEMO_DELIVERABLES,
  DEMO_DELIVERABLES_MILESTONE,
  DEMO_ORG,
  type DemoDeliverableTask,
} from "../../src/simulator/demo-seed.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { D1, D2, D3, deliverablesSeed } from "../fixtures/deliverables-seed.js";
import { runMain } from "../helpers/process-io.js";

const TOKEN = "ghp_sources_test_1";
const MILESTONE = String(DEMO_DELIVERABLES_MILESTONE.number);

let sim: Simulator;
let dir: string;

function config(source: "labels" | "sub-issues" | "both"): string {
  const file = join(dir, `${source}.yaml`);
  writeFileSync(
    file,
    [
      `org: ${DEMO_ORG}`,
      "epics:",
      `  source: ${source}`,
      `  marker_label: ${DELIVERABLE_LABEL}`,
      "labels:",
      `  - { name: ${DELIVERABLE_LABEL}, color: 5319e7 }`,
      `  - { name: "${D1}", color: 1d76db }`,
      `  - { name: "${D2}", color: 0e8a16 }`,
      `  - { name: "${D3}", color: fbca04 }`,
      "",
    ].join("\n"),
  );
  return file;
}

const run = (args: string[]) =>
  runMain(args, {
    cwd: dir,
    env: {
      GITHUB_API_URL: sim.url,
      GITHUB_GRAPHQL_URL: sim.graphqlUrl,
      GITHUB_TOKEN: TOKEN,
      WAKU_PM_RETRY_BASE_MS: "1",
    },
  });

beforeAll(async () => {
  sim = await startSimulator({ seed: deliverablesSeed(TOKEN) });
  dir = mkdtempSync(join(tmpdir(), "waku-pm-sources-"));
});

afterAll(async () => {
  if (sim) {
    expect(sim.violations).toEqual([]);
    await sim.close();
  }
});

/** The leaves under a list of sub-issues: what sub-issue progress counts. */
function leaves(tasks: readonly DemoDeliverableTask[]): DemoDeliverableTask[] {
  return tasks.flatMap((t) => (t.sub_issues && t.sub_issues.length > 0 ? leaves(t.sub_issues) : [t]));
}

describe("epics.source: sub-issues", () => {
  it("status counts every leaf of every Deliverable once, groups not at all, across repositories", async () => {
    const r = await run(["status", "--config", config("sub-issues"), "--milestone", MILESTONE, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as {
      epics: {
        number: number;
        open: number;
        closed: number;
        total: number;
        tasks: { repo: string; number: number }[];
      }[];
      totals: { open: number; closed: number; total: number };
    };
    const repos = new Set<string>();
    for (const d of DEMO_DELIVERABLES) {
      const mine = leaves(d.sub_issues);
      const epic = json.epics.find((e) => e.number === d.number);
      expect(epic, `Deliverable #${d.number}`).toMatchObject({
        total: mine.length,
        closed: mine.filter((t) => t.state === "closed").length,
        open: mine.filter((t) => t.state === "open").length,
      });
      expect(epic?.tasks.map((t) => `${t.repo.split("/")[1]}#${t.number}`).sort()).toEqual(
        mine.map((t) => `${t.repo}#${t.number}`).sort(),
      );
      for (const t of mine) repos.add(t.repo);
    }
    expect(repos.size).toBeGreaterThanOrEqual(3);
    const all = new Map(
      DEMO_DELIVERABLES.flatMap((d) => leaves(d.sub_issues)).map((t) => [`${t.repo}#${t.number}`, t]),
    );
    expect(json.totals).toMatchObject({
      total: all.size,
      closed: [...all.values()].filter((t) => t.state === "closed").length,
    });
    // A group (an issue with sub-issues of its own) is never a task.
    const groups = DEMO_DELIVERABLES.flatMap((d) => d.sub_issues).filter(
      (t) => (t.sub_issues?.length ?? 0) > 0,
    );
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) {
      for (const e of json.epics)
        expect(e.tasks.some((t) => t.number === g.number && t.repo.endsWith(`/${g.repo}`))).toBe(false);
    }
  });
});

describe("an --epic listing under sub-issues", () => {
  it("names the groups (issues with sub-issues of their own) beside the tasks, and counts only the leaves", async () => {
    const d1 = DEMO_DELIVERABLES[0] as (typeof DEMO_DELIVERABLES)[number];
    const groups = d1.sub_issues.filter((t) => (t.sub_issues?.length ?? 0) > 0);
    expect(groups.length).toBeGreaterThan(0);
    const file = config("sub-issues");
    const json = await run(["status", "--config", file, "--epic", String(d1.number), "--json"]);
    expect(json.code, json.stderr).toBe(0);
    const epic = (
      JSON.parse(json.stdout) as {
        epics: { total: number; groups?: { repo: string; number: number; sub_issues: number }[] }[];
      }
    ).epics[0];
    expect(epic?.groups?.map((g) => `${g.repo.split("/")[1]}#${g.number}`)).toEqual(
      groups.map((g) => `${g.repo}#${g.number}`),
    );
    expect(epic?.groups?.every((g) => g.sub_issues > 0)).toBe(true);
    expect(epic?.total).toBe(leaves(d1.sub_issues).length);
    const table = await run(["status", "--config", file, "--epic", String(d1.number)]);
    const first = groups[0] as DemoDeliverableTask;
    expect(table.stdout).toContain(
      `Groups, counted through their sub-issues: ${first.repo}#${first.number} ${first.title}`,
    );
  });
});

describe("status --forecast under each source", () => {
  it("gives the same table as without the flag (one task read shared with the replay), the forecast added", async () => {
    for (const source of ["labels", "sub-issues", "both"] as const) {
      const args = ["status", "--config", config(source), "--milestone", MILESTONE, "--json", "--no-cache"];
      const plain = await run(args);
      expect(plain.code, plain.stderr).toBe(0);
      const ahead = await run([...args, "--forecast"]);
      expect(ahead.code, ahead.stderr).toBe(0);
      const json = JSON.parse(ahead.stdout) as { forecast?: unknown };
      expect(json.forecast, source).toBeDefined();
      expect({ ...json, forecast: undefined }, source).toEqual(JSON.parse(plain.stdout));
    }
  });
});

describe("epics.source: both", () => {
  it("check names every disagreeing task (exactly what link-tasks would fix) and warns about what GitHub forbids; after link-tasks it is green", async () => {
    const file = config("both");
    const before = await run(["check", "--config", file, "--json"]);
    expect(before.code, before.stderr).toBe(1);
    const report = JSON.parse(before.stdout) as {
      tasks: { kind: string; epic: number; repo: string; number: number; problem: string }[];
      warnings: string[];
    };
    const plan = await run(["link-tasks", "--config", file, "--milestone", MILESTONE, "--dry-run", "--json"]);
    expect(plan.code, plan.stderr).toBe(0);
    const planned = JSON.parse(plan.stdout) as {
      actions: { action: string; epic: number; task: { repo: string; number: number } }[];
      refused: { rule: string; task: { repo: string; number: number } }[];
    };
    const kindOf: Record<string, string> = { link: "not-linked", label: "not-labelled" };
    expect(report.tasks.map((t) => `${t.kind} ${t.repo}#${t.number} ${t.epic}`).sort()).toEqual(
      planned.actions.map((a) => `${kindOf[a.action]} ${a.task.repo}#${a.task.number} ${a.epic}`).sort(),
    );
    for (const t of report.tasks) expect(t.problem).toMatch(/link-tasks|label/);
    // The pull request and the task with another parent: warnings that name the task and the rule.
    expect(planned.refused.length).toBe(2);
    for (const refused of planned.refused) {
      const name = `${refused.task.repo}#${refused.task.number}`;
      expect(report.warnings.some((w) => w.includes(name))).toBe(true);
    }
    expect(report.warnings.some((w) => /pull request/.test(w))).toBe(true);
    expect(report.warnings.some((w) => /one parent/.test(w))).toBe(true);

    const fixed = await run([
      "link-tasks",
      "--config",
      file,
      "--milestone",
      MILESTONE,
      "--write-interval",
      "0",
    ]);
    expect(fixed.code, fixed.stderr).toBe(0);
    const again = await run([
      "link-tasks",
      "--config",
      file,
      "--milestone",
      MILESTONE,
      "--dry-run",
      "--json",
    ]);
    expect((JSON.parse(again.stdout) as { actions: unknown[] }).actions).toEqual([]);

    const after = await run(["check", "--config", file, "--json"]);
    expect(after.code, after.stdout).toBe(0);
    const green = JSON.parse(after.stdout) as { tasks: unknown[]; warnings: string[] };
    expect(green.tasks).toEqual([]);
    expect(green.warnings.some((w) => /pull request/.test(w))).toBe(true);
  });
});

describe("report with sub-issue epics", () => {
  it("files an update on a sub-issue (unlabelled, nested) under the epic whose tree it is in", async () => {
    const own = await startSimulator({
      seed: {
        org: "tree-org",
        tokens: [TOKEN],
        repos: [
          {
            name: "pm",
            labels: [{ name: "Deliverable", color: "5319e7" }],
            milestones: [{ number: 1, title: "Launch", due_on: "2024-06-01T00:00:00Z" }],
            issues: [
              {
                number: 1,
                title: "[Deliverable] Store sync",
                state: "open",
                labels: ["Deliverable"],
                milestone: 1,
                sub_issues: ["nwaku#5"],
              },
            ],
          },
          {
            name: "nwaku",
            labels: [],
            issues: [
              { number: 5, title: "A group", state: "open", labels: [], sub_issues: ["nwaku#6"] },
              {
                number: 6,
                title: "A leaf",
                state: "open",
                labels: [],
                updated_at: "2024-03-05T10:00:00Z",
                comments: [
                  {
                    user: "alice",
                    body: "**Weekly Update**\n- _achieved_: LEAFNEWS\n- _next_: more",
                    created_at: "2024-03-05T10:00:00Z",
                  },
                ],
              },
            ],
          },
        ],
      },
    });
    try {
      const file = join(dir, "tree.yaml");
      writeFileSync(
        file,
        "org: tree-org\nepics:\n  source: sub-issues\n  marker_label: Deliverable\nlabels:\n  - { name: Deliverable, color: 5319e7 }\n",
      );
      const r = await runMain(
        ["report", "--config", file, "--since", "2024-03-01", "--until", "2024-03-08", "--json"],
        {
          cwd: dir,
          env: { GITHUB_API_URL: own.url, GITHUB_GRAPHQL_URL: own.graphqlUrl, GITHUB_TOKEN: TOKEN },
        },
      );
      expect(r.code, r.stderr).toBe(0);
      const json = JSON.parse(r.stdout) as {
        milestones: {
          epics: { number: number; tasks: { number: number; updates: { lines: string[] }[] }[] }[];
        }[];
        other: unknown[];
      };
      const epic = json.milestones[0]?.epics.find((e) => e.number === 1);
      expect(epic?.tasks.map((t) => t.number)).toEqual([6]);
      expect(epic?.tasks[0]?.updates[0]?.lines.join("\n")).toContain("LEAFNEWS");
      expect(json.other).toEqual([]);
      expect(own.violations).toEqual([]);
    } finally {
      await own.close();
    }
  });
});
