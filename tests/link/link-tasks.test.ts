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
import { GitHubClient } from "../../src/github/client.js";
import { applyLinkPlan } from "../../src/link/apply.js";
import { planLinks } from "../../src/link/plan.js";
import { DELIVERABLE_LABEL, DEMO_DELIVERABLES_MILESTONE, DEMO_ORG } from "../../src/simulator/demo-seed.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { findIssue, findIssueById, findRepo, issueLabels } from "../../src/simulator/state.js";
import { D1, D2, D3, deliverablesSeed } from "../fixtures/deliverables-seed.js";
import { runMain } from "../helpers/process-io.js";

const TOKEN = "ghp_link_tasks_test_1";

let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: deliverablesSeed(TOKEN) });
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

describe("link-tasks when writes go wrong", () => {
  let sim2: Simulator;
  beforeAll(async () => {
    sim2 = await startSimulator({ seed: deliverablesSeed(TOKEN) });
  });
  afterAll(async () => {
    if (sim2) {
      expect(sim2.violations).toEqual([]);
      await sim2.close();
    }
  });

  const env = () => ({
    GITHUB_API_URL: sim2.url,
    GITHUB_GRAPHQL_URL: sim2.graphqlUrl,
    GITHUB_TOKEN: TOKEN,
    WAKU_PM_RETRY_BASE_MS: "1",
  });

  it("a write that keeps failing is reported (exit 3), the others are done, and a re-run finishes the job", async () => {
    sim2.injectFault({
      kind: "server-error",
      method: "POST",
      path: `/repos/${DEMO_ORG}/go-waku/issues/901/labels`,
      times: 4,
    });
    const r = await runMain(["link-tasks", "--write-interval", "0", "--json"], { cwd: dir, env: env() });
    expect(r.code).toBe(3);
    const json = JSON.parse(r.stdout) as PlanJson;
    expect(json.actions.filter((a) => a.status === "failed").map((a) => ref(a.task))).toEqual([
      "go-waku#901",
    ]);
    expect(json.actions.filter((a) => a.status === "applied")).toHaveLength(FIXES.length - 1);
    expect(r.stderr).toContain("waku-pm: 1 write failed (listed above)");
    expect(r.stderr).toContain("Re-run the same command to finish");

    const again = await runMain(["link-tasks", "--write-interval", "0", "--json"], { cwd: dir, env: env() });
    expect(again.code, again.stderr).toBe(0);
    const rest = JSON.parse(again.stdout) as PlanJson;
    expect(rest.actions.map((a) => `${a.action} ${ref(a.task)} ${a.status}`)).toEqual([
      "label go-waku#901 applied",
    ]);
  });

  it("a link GitHub refuses at write time (the task gained a parent meanwhile) is refused, not failed", async () => {
    const js = findRepo(sim2.state, "js-waku");
    const taken = js && findIssue(js, 1704);
    if (!taken) throw new Error("no js-waku#1704");
    const epic302 = {
      number: 302,
      title: "[Deliverable] Light client reliability",
      url: "",
      state: "open" as const,
      labels: [DELIVERABLE_LABEL, D2],
      milestone: 5,
      assignees: [],
    };
    const task = {
      repo: `${DEMO_ORG}/js-waku`,
      number: 1704,
      title: "test: store sync interop",
      url: "",
      state: "open" as const,
      pullRequest: false,
      assignees: [],
      labels: [D2],
    };
    // What was read before someone linked it elsewhere: no parent.
    const facts = {
      items: new Map([
        [
          `${DEMO_ORG}/js-waku#1704`.toLowerCase(),
          { databaseId: taken.id, pullRequest: false, parent: null, subIssues: 0 },
        ],
      ]),
      labels: new Map(),
    };
    const plan = planLinks({
      epics: [epic302],
      labelTasks: [task],
      subIssueTasks: [],
      epicPrefix: "E:",
      pmRepo: `${DEMO_ORG}/pm`,
      org: DEMO_ORG,
      facts,
    });
    expect(plan.links).toHaveLength(1);
    const client = new GitHubClient({
      token: TOKEN,
      apiUrl: sim2.url,
      graphqlUrl: sim2.graphqlUrl,
      verbose: false,
      log: () => {},
      writeIntervalMs: 0,
      retryBaseMs: 1,
    });
    const result = await applyLinkPlan(client, plan, {
      org: DEMO_ORG,
      pmRepo: "pm",
      facts,
      writeIntervalMs: 0,
    });
    expect(result.actions[0]).toMatchObject({ status: "refused", rule: "other-parent" });
    expect(result.actions[0]?.error).toMatch(/Sub issue may only have one parent/);
    expect(result.fatal).toBeUndefined();
  });
});

describe("link-tasks before any request", () => {
  it("--help explains the three sources, what is linked and labelled, and what is refused", async () => {
    const r = await runMain(["link-tasks", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: waku-pm link-tasks [options]");
    expect(r.stdout).toMatch(/labels +a task carries its epic's label/);
    expect(r.stdout).toMatch(/sub-issues +a task is a GitHub sub-issue of the epic/);
    expect(r.stdout).toMatch(/both +the union; check reports every task/);
    expect(r.stdout).toContain("pull requests never count: GitHub cannot make one a sub-issue");
    expect(r.stdout).toContain("It never removes a link or a label.");
  });

  it("a bad --write-interval is bad input (exit 2) and nothing is asked of GitHub", async () => {
    const before = sim.log.length;
    const r = await linkTasks(["--write-interval", "soon"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--write-interval: "soon" is not a number of milliseconds');
    expect(sim.log.length).toBe(before);
  });
});
