/**
 * A generator of large synthetic organisations for the benchmark (and any test that needs "many
 * repositories"): N repositories carrying a config's labels, a pm repository with milestones and
 * one epic issue per epic label, tasks spread over every repository, and weekly updates.
 *
 * Shaped like the demo organisation (demo-seed.ts) so the commands do the same work per
 * repository, but sized by options instead of by waku-org's history. Deterministic: the same
 * options give the same seed, byte for byte (a seeded PRNG, timestamps relative to `now`).
 */
import {
  createRandom,
  GITHUB_DEFAULT_LABELS,
  isUpdateCandidate,
  lastFridayAfternoon,
  stampDraft,
  toIso,
} from "./demo-seed.js";
import type { Seed, SeedIssue, SeedLabel, SeedMilestone, SeedRepo } from "./seed.js";

/** The token a generated organisation's simulator accepts (local only, not a credential). */
export const GENERATED_TOKEN = "ghp_waku_pm_bench_token";

/** Monday morning, as in the demo: the day the weekly report is written. */
export const GENERATED_NOW = "2023-11-27T09:00:00Z";

export interface GenerateOrgOptions {
  /** Number of repositories, the pm repository included (at least 1). */
  repos: number;
  /** The config's labels. Epic labels are those starting with `epicPrefix`. */
  labels: readonly SeedLabel[];
  /** Default "bench-org". */
  org?: string;
  /** Repository holding the milestones and the epics; default "pm". It is always the first repository. */
  pmRepo?: string;
  /** Default "E:". */
  epicPrefix?: string;
  /**
   * What the repositories carry: "config" (default) exactly `labels`, so `check` finds no drift;
   * "github-defaults" only GitHub's default labels, the state before a first sync: no epic label
   * exists yet, so there are no epics and tasks carry default labels only.
   */
  repoLabels?: "config" | "github-defaults";
  /** Titles of the pm repository's open milestones; default ["Milestone 1", "Milestone 2"]. */
  milestones?: readonly string[];
  /** Issues and pull requests per repository other than pm; default 8. */
  tasksPerRepo?: number;
  /** Share of tasks carrying an epic label (the rest is "other work"); default 0.7. */
  epicShare?: number;
  /** Team members posting weekly updates; default max(8, ⌈repos / 10⌉). */
  team?: number;
  /** Weekly-update rounds (Fridays before `now`); default 2. */
  weeks?: number;
  /** The clock every timestamp is relative to; default GENERATED_NOW. */
  now?: Date;
  /** PRNG seed; default 1. Different seeds give differently shaped (but equally sized) orgs. */
  seed?: number;
  /** Tokens the simulator accepts; default [GENERATED_TOKEN]. */
  tokens?: string[];
}

const DAY = 86_400_000;

/** "Other work" is grouped by these labels in the report; tasks without an epic carry one. */
const OTHER_WORK_LABELS = ["enhancement", "bug", "documentation", "dependencies"] as const;

const SUBJECTS = [
  "relay",
  "store",
  "filter",
  "lightpush",
  "peer exchange",
  "discovery",
  "RLN proofs",
  "sharding",
  "metrics",
  "REST API",
  "config loading",
  "release workflow",
] as const;

const TITLE_PATTERNS = [
  { text: "feat: {s}", pr: true },
  { text: "bug: {s} drops messages under load", pr: false },
  { text: "test: cover {s}", pr: true },
  { text: "chore: refactor {s}", pr: true },
  { text: "feat: metrics for {s}", pr: false },
  { text: "fix: {s} fails when a peer disconnects", pr: true },
] as const;

/** Repository names sort in creation order: pm first, then repo-001, repo-002, … */
export function generatedRepoNames(count: number, pmRepo = "pm"): string[] {
  const width = String(Math.max(1, count - 1)).length;
  return [
    pmRepo,
    ...Array.from({ length: count - 1 }, (_, i) => `repo-${String(i + 1).padStart(width, "0")}`),
  ];
}

interface Draft {
  issue: SeedIssue;
  createdMs: number;
  closedMs: number | null;
  comments: { user: string; body: string; ms: number }[];
}

export function generateOrg(options: GenerateOrgOptions): Seed {
  if (!Number.isInteger(options.repos) || options.repos < 1) {
    throw new RangeError(`generateOrg: repos must be a whole number ≥ 1 (got ${options.repos})`);
  }
  const org = options.org ?? "bench-org";
  const pmRepo = options.pmRepo ?? "pm";
  const epicPrefix = options.epicPrefix ?? "E:";
  const inSync = (options.repoLabels ?? "config") === "config";
  const milestoneTitles = options.milestones ?? ["Milestone 1", "Milestone 2"];
  const tasksPerRepo = options.tasksPerRepo ?? 8;
  const epicShare = options.epicShare ?? 0.7;
  const teamSize = options.team ?? Math.max(8, Math.ceil(options.repos / 10));
  const weeks = options.weeks ?? 2;
  const nowMs = (options.now ?? new Date(GENERATED_NOW)).getTime();
  const random = createRandom(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (from: number, to: number): number => from + Math.floor(random() * Math.max(0, to - from));

  const repoLabels: SeedLabel[] = (inSync ? options.labels : GITHUB_DEFAULT_LABELS).map((l) => ({ ...l }));
  const has = (name: string): boolean => repoLabels.some((l) => l.name.toLowerCase() === name.toLowerCase());
  const epicLabels = inSync
    ? options.labels.filter((l) => l.name.startsWith(epicPrefix)).map((l) => l.name)
    : [];
  const otherLabels = OTHER_WORK_LABELS.filter(has);
  const team = Array.from({ length: teamSize }, (_, i) => `member-${String(i + 1).padStart(2, "0")}`);
  const lead = team[0] as string;
  const names = generatedRepoNames(options.repos, pmRepo);

  // pm: the milestone tracking issues, then one epic per epic label, milestones in contiguous blocks.
  // `milestone` and `epic` are pm-only bookkeeping labels; the pm repository gets them if the
  // config lacks them (an extra label is not drift).
  const pmLabels = [...repoLabels];
  for (const [name, color] of [
    ["milestone", "1cc0b0"],
    ["epic", "07544b"],
  ] as const) {
    if (!has(name)) pmLabels.push({ name, color, description: null });
  }
  const pmDrafts: Draft[] = [];
  const milestones: SeedMilestone[] = milestoneTitles.map((title, i) => ({
    number: i + 1,
    title,
    description: `Tracking issue: https://github.com/${org}/${pmRepo}/issues/${i + 1}`,
    state: "open",
    due_on: toIso(nowMs + (30 + 60 * i) * DAY),
    created_at: toIso(nowMs - 200 * DAY),
  }));
  for (const m of milestones) {
    pmDrafts.push({
      createdMs: nowMs - 200 * DAY,
      closedMs: null,
      comments: [],
      issue: {
        number: 0,
        title: `[Milestone] ${m.title}`,
        body: `Tracks the milestone "${m.title}".`,
        state: "open",
        labels: ["milestone"],
        assignees: [lead],
        user: lead,
        milestone: m.number,
      },
    });
  }
  const epics = epicLabels.map((label, i) => {
    const milestone =
      milestones.length > 0 ? Math.floor((i * milestones.length) / epicLabels.length) + 1 : null;
    const draft: Draft = {
      createdMs: nowMs - 190 * DAY + i * DAY,
      closedMs: null,
      comments: [],
      issue: {
        number: 0,
        title: `[Epic] ${label.slice(epicPrefix.length).trim()}`,
        body: `Epic label: \`${label}\``,
        state: "open",
        labels: ["epic", label],
        assignees: [lead],
        user: lead,
        milestone,
      },
    };
    pmDrafts.push(draft);
    return { label, draft };
  });

  // Tasks: every repository but pm gets `tasksPerRepo`, most under an epic, the rest "other work".
  const taskDrafts = new Map<string, Draft[]>();
  for (const name of names.slice(1)) {
    const drafts: Draft[] = [];
    for (let i = 0; i < tasksPerRepo; i++) {
      const pattern = pick(TITLE_PATTERNS);
      const subject = pick(SUBJECTS);
      const labels: string[] = [];
      if (epics.length > 0 && random() < epicShare) labels.push(pick(epics).label);
      else if (otherLabels.length > 0) labels.push(pick(otherLabels));
      const author = pick(team);
      const createdMs = between(nowMs - 200 * DAY, nowMs - 10 * DAY);
      const closed = random() < 0.5;
      const closedMs = closed ? between(createdMs + DAY, nowMs - DAY) : null;
      drafts.push({
        createdMs,
        closedMs,
        comments: [],
        issue: {
          number: 0,
          title: pattern.text.replace("{s}", subject),
          body: null,
          state: closed ? "closed" : "open",
          ...(pattern.pr ? { pull_request: true } : {}),
          labels,
          assignees: [author],
          user: author,
        },
      });
    }
    taskDrafts.set(name, drafts);
  }

  // Weekly updates: each member comments on one to three of their open issues every Friday
  // (15:00 UTC) before `now`; the lead also updates the milestones' tracking issues.
  const allTasks = [...taskDrafts.values()].flat();
  const friday = lastFridayAfternoon(nowMs);
  for (let w = weeks - 1; w >= 0; w--) {
    const at = friday - w * 7 * DAY;
    for (const member of team) {
      const candidates = allTasks.filter((d) => isUpdateCandidate(d, member, at));
      const count = Math.min(candidates.length, 1 + Math.floor(random() * 3));
      for (let k = 0; k < count; k++) {
        const target = candidates.splice(Math.floor(random() * candidates.length), 1)[0] as Draft;
        target.comments.push({
          user: member,
          body: `**Weekly Update**\n\n- _achieved_: progress on ${target.issue.title}\n- _next_: review and merge\n`,
          ms: at + between(0, 3 * 3_600_000),
        });
      }
    }
    for (const tracking of pmDrafts.filter((d) => d.issue.labels.includes("milestone"))) {
      tracking.comments.push({
        user: lead,
        body: "**Weekly Update**\n\n- _achieved_: epics moving\n- _next_: close the next epic\n- _risks_: none\n",
        ms: at + 4 * 3_600_000,
      });
    }
  }

  let commentId = 1_800_000_000;
  const finish = (drafts: Draft[]): SeedIssue[] =>
    // GitHub numbers issues and pull requests in creation order, one sequence per repository.
    [...drafts]
      .sort((a, b) => a.createdMs - b.createdMs)
      .map((d, i) => ({ ...d.issue, number: i + 1, ...stampDraft(d, nowMs, () => commentId++) }));

  const repos: SeedRepo[] = names.map((name, i) =>
    i === 0
      ? { name, labels: pmLabels, milestones, issues: finish(pmDrafts) }
      : { name, labels: repoLabels.map((l) => ({ ...l })), issues: finish(taskDrafts.get(name) ?? []) },
  );
  return { org, tokens: options.tokens ?? [GENERATED_TOKEN], repos };
}
