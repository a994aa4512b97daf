/**
 * `waku-pm link-tasks` against the simulator with the demo's Deliverables (DEMO_DELIVERABLES: a
 * milestone tracked the 2025 way, with deliberate label/link disagreements), seeded on their own
 * so the test reads only what it asserts on: the dry run plans
 * exactly the fixes and writes nothing; the run applies them; a second run plans nothing; the pull
 * request and the task that already has another parent are reported, never fatal.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
import type { Seed, SeedIssue, SeedRepo } from "../../src/simulator/seed.js";
import { findIssue, findIssueById, findRepo, issueLabels } from "../../src/simulator/state.js";
import { runMain } from "../helpers/process-io.js";

const TOKEN = "ghp_link_tasks_test_1";
const D1 = "E:D1: Store sync";
const D2 = "E:D2: Light client reliability";
const D3 = "E:D3: RLN membership migration";

let sim: Simulator;
let dir: string;

/** The Deliverables milestone of the demo, its issues, tasks and labels, as demoSeed adds them. */
function deliverablesSeed(): Seed {
  const labels = [
    { name: DELIVERABLE_LABEL, color: "5319e7" },
    { name: D1, color: "1d76db" },
    { name: D2, color: "0e8a16" },
    { name: D3, color: "fbca04" },
  ];
  const repos = new Map<string, SeedRepo>();
  const repo = (name: string): SeedRepo => {
    const found = repos.get(name) ?? { name, labels: labels.map((l) => ({ ...l })), issues: [] };
    repos.set(name, found);
    return found;
  };
  const add = (t: DemoDeliverableTask): string => {
    const children = (t.sub_issues ?? []).map(add);
    const issue: SeedIssue = {
      number: t.number,
      title: t.title,
      state: t.state,
      labels: [...t.labels],
      ...(t.state === "closed" ? { closed_at: "2023-11-01T00:00:00Z" } : {}),
      ...(t.pull_request ? { pull_request: true, ...(t.state === "closed" ? { merged: true } : {}) } : {}),
      ...(children.length > 0 ? { sub_issues: children } : {}),
    };
    repo(t.repo).issues?.push(issue);
    return `${t.repo}#${t.number}`;
  };
  const pm = repo("pm");
  pm.milestones = [
    { number: DEMO_DELIVERABLES_MILESTONE.number, title: DEMO_DELIVERABLES_MILESTONE.title, state: "open" },
  ];
  for (const d of DEMO_DELIVERABLES) {
    const links = d.sub_issues.map(add);
    d.labelled_only.forEach(add);
    pm.issues?.push({
      number: d.number,
      title: d.title,
      state: d.state,
      labels: [DELIVERABLE_LABEL, d.label],
      milestone: DEMO_DELIVERABLES_MILESTONE.number,
      ...(d.state === "closed" ? { closed_at: "2023-11-01T00:00:00Z" } : {}),
      sub_issues: links,
    });
  }
  return { org: DEMO_ORG, tokens: [TOKEN], repos: [...repos.values()] };
}

beforeAll(async () => {
  sim = await startSimulator({ seed: deliverablesSeed() });
  dir = mkdtempSync(join(tmpdir(), "waku-pm-link-tasks-"));
  writeFileSync(
    join(dir, "labels.yaml"),
    [
      `org: ${DEMO_ORG}`,
      "pm_repo: pm",
      'epic_prefix: "E:"',
      "epics:",
      "  source: both",
      `  marker_label: ${DELIVERABLE_LABEL}`,
      "labels:",
      `  - { name: ${DELIVERABLE_LABEL}, color: 5319e7 }`,
      `  - { name: "${D1}", color: 1d76db }`,
      `  - { name: "${D2}", color: 0e8a16 }`,
      `  - { name: "${D3}", color: fbca04 }`,
      "",
    ].join("\n"),
  );
});

afterAll(async () => {
  if (sim) {
    expect(sim.violations).toEqual([]);
    await sim.close();
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function linkTasks(args: string[]) {
  return runMain(
    [
      "link-tasks",
      "--milestone",
      String(DEMO_DELIVERABLES_MILESTONE.number),
      "--write-interval",
      "0",
      ...args,
    ],
    {
      cwd: dir,
      env: {
        GITHUB_API_URL: sim.url,
        GITHUB_GRAPHQL_URL: sim.graphqlUrl,
        GITHUB_TOKEN: TOKEN,
        WAKU_PM_RETRY_BASE_MS: "1",
      },
    },
  );
}

interface PlanJson {
  dry_run: boolean;
  actions: {
    action: string;
    epic: number;
    label: string;
    task: { repo: string; number: number };
    status: string;
  }[];
  refused: { rule: string; epics: number[]; task: { repo: string; number: number }; message: string }[];
  summary: { links: number; labels: number; refused: number; failed: number };
}

const ref = (t: { repo: string; number: number }) => `${t.repo.replace(`${DEMO_ORG}/`, "")}#${t.number}`;
const writes = () => sim.log.filter((e) => e.write);

function labelsOf(repo: string, number: number): string[] {
  const r = findRepo(sim.state, repo);
  const i = r && findIssue(r, number);
  return r && i ? issueLabels(r, i).map((l) => l.name) : [];
}

function parentOf(repo: string, number: number): string | null {
  const r = findRepo(sim.state, repo);
  const i = r && findIssue(r, number);
  if (!i || i.parentId === null) return null;
  const p = findIssueById(sim.state, i.parentId);
  return p ? `${p.repo.name}#${p.issue.number}` : null;
}

const FIXES = [
  "link docs.waku.org#201 301 E:D1: Store sync",
  "link js-waku#1706 302 E:D2: Light client reliability",
  "label docs.waku.org#202 302 E:D2: Light client reliability",
  "label go-waku#901 301 E:D1: Store sync",
  "label go-waku#903 301 E:D1: Store sync",
  "label js-waku#1701 301 E:D1: Store sync",
  "label js-waku#1704 301 E:D1: Store sync",
];

describe("link-tasks on the demo's Deliverables (source: both)", () => {
  it("--dry-run plans exactly the fixes, reports what GitHub forbids, and writes nothing", async () => {
    const before = writes().length;
    const r = await linkTasks(["--dry-run", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as PlanJson;
    expect(json.dry_run).toBe(true);
    expect(json.actions.map((a) => `${a.action} ${ref(a.task)} ${a.epic} ${a.label}`)).toEqual(FIXES);
    expect(json.actions.every((a) => a.status === "planned")).toBe(true);
    expect(json.refused.map((x) => `${x.rule} ${ref(x.task)} ${x.epics.join(",")}`)).toEqual([
      "other-parent js-waku#1704 302",
      "pull-request js-waku#1705 301",
    ]);
    expect(json.refused[0]?.message).toBe(
      "waku-org/js-waku#1704 is labelled E:D2: Light client reliability but is not a sub-issue of waku-org/pm#302: it is already a sub-issue of waku-org/pm#301, and GitHub allows one parent per issue (move it on GitHub, or remove the label)",
    );
    expect(writes().length).toBe(before);
  });

  it("the table names each task, its epic and what will be done", async () => {
    const r = await linkTasks(["--dry-run"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('waku-org/pm, milestone 5 "Reliable Messaging (Deliverables)": 3 epics');
    expect(r.stdout).toContain(
      "link\tdocs.waku.org#201\tdocs: store sync guide\tlabelled E:D1: Store sync: becomes a sub-issue of pm#301\tplanned",
    );
    expect(r.stdout).toContain(
      "label\tgo-waku#903\tchore: enable store sync in status-go\tsub-issue of pm#301: gets the label E:D1: Store sync\tplanned",
    );
    expect(r.stdout).toContain("GitHub cannot make a pull request a sub-issue");
    expect(r.stdout).toMatch(
      /2 links and 5 labels planned; 2 not possible \(listed above\); nothing was written \(--dry-run\)\n$/,
    );
  });

  it("applies them one write each, reports the refusals and exits 0; a second run plans nothing", async () => {
    const before = writes().length;
    const r = await linkTasks(["--json"]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as PlanJson;
    expect(json.dry_run).toBe(false);
    expect(json.actions.map((a) => a.status)).toEqual(FIXES.map(() => "applied"));
    expect(json.summary).toMatchObject({ links: 2, labels: 5, refused: 2, failed: 0 });
    const done = writes().slice(before);
    expect(done.map((e) => `${e.method} ${e.path}`)).toEqual([
      `POST /repos/${DEMO_ORG}/pm/issues/301/sub_issues`,
      `POST /repos/${DEMO_ORG}/pm/issues/302/sub_issues`,
      `POST /repos/${DEMO_ORG}/docs.waku.org/issues/202/labels`,
      `POST /repos/${DEMO_ORG}/go-waku/issues/901/labels`,
      `POST /repos/${DEMO_ORG}/go-waku/issues/903/labels`,
      `POST /repos/${DEMO_ORG}/js-waku/issues/1701/labels`,
      `POST /repos/${DEMO_ORG}/js-waku/issues/1704/labels`,
    ]);
    expect(parentOf("docs.waku.org", 201)).toBe("pm#301");
    expect(parentOf("js-waku", 1706)).toBe("pm#302");
    expect(labelsOf("go-waku", 903)).toContain(D1);
    // Nothing removed: js-waku#1704 keeps D2 and its parent; the pull request is untouched.
    expect(labelsOf("js-waku", 1704)).toEqual(expect.arrayContaining([D1, D2]));
    expect(parentOf("js-waku", 1704)).toBe("pm#301");
    expect(parentOf("js-waku", 1705)).toBeNull();

    const again = writes().length;
    const second = await linkTasks(["--json"]);
    expect(second.code, second.stderr).toBe(0);
    const plan = JSON.parse(second.stdout) as PlanJson;
    expect(plan.actions).toEqual([]);
    expect(plan.refused.map((x) => x.rule)).toEqual(["other-parent", "pull-request"]);
    expect(writes().length).toBe(again);
    const text = await linkTasks([]);
    expect(text.stdout).toContain("Nothing to link or label: the labels and the sub-issues agree.");
  });
});
