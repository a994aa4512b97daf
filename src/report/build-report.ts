/**
 * The pure core of `report`: from fetched issues, comments, milestones and epics to the grouped
 * report. No I/O, no formatting.
 *
 * Placement (each in-window update appears exactly once):
 * 1. on a milestone's tracking issue → under that milestone;
 * 2. on an epic issue → under that epic, before its tasks;
 * 3. on an issue carrying an epic's label → under that epic, as a task;
 * 4. anything else → "Other Work", by the first of `enhancement`, `bug`, `documentation`,
 *    `dependencies` (Chores) it carries, else "Other" (no label at all, or none of those).
 * Several updates on one issue in the window are all kept, oldest first: a second update that week
 * usually corrects or extends the first, and dropping it would lose news.
 *
 * Shown milestones: every open milestone (one without an update is a warning), and a closed one only
 * when it has updates in the window (the week it was closed). Shown epics: those with updates.
 */

import { epicLabelsOf, isEpicLabel, LabelMembership } from "../model/epics.js";
import type {
  EpicSection,
  IssueInput,
  MilestoneInput,
  MilestoneSection,
  OtherCategory,
  OtherSection,
  PmIssueInput,
  Report,
  ReportInput,
  TaskEntry,
  TeamMember,
  Update,
} from "./model.js";
import { parseWeeklyUpdate } from "./parse-update.js";

const OTHER_CATEGORIES: { category: OtherCategory; label: string | null; title: string }[] = [
  { category: "enhancement", label: "enhancement", title: "Enhancements" },
  { category: "bug", label: "bug", title: "Bugs" },
  { category: "documentation", label: "documentation", title: "Documentation" },
  { category: "chore", label: "dependencies", title: "Chores" },
  { category: "other", label: null, title: "Other" },
];

export function buildReport(input: ReportInput): Report {
  const warnings: string[] = [];
  const since = input.since.getTime();
  const until = input.until.getTime();
  const pmRepo = input.pmRepo.toLowerCase();
  const ref = (repo: string, number: number) => `${input.org}/${repo}#${number}`;

  const membership =
    input.membership ?? new LabelMembership(`${input.org}/${input.pmRepo}`, input.epicPrefix);
  const epics = [...input.epics].sort((a, b) => a.number - b.number);
  const epicLabelOf = new Map<number, string | null>();
  // Label spelling (as first seen) → the epics carrying it, to say when one label serves two epics.
  const owners = new Map<string, { label: string; epics: PmIssueInput[] }>();
  for (const epic of epics) {
    const labels = epicLabelsOf(epic, input.epicPrefix);
    epicLabelOf.set(epic.number, labels[0] ?? null);
    for (const label of labels) {
      const entry = owners.get(label.toLowerCase()) ?? { label, epics: [] };
      entry.epics.push(epic);
      owners.set(label.toLowerCase(), entry);
    }
  }
  for (const { label, epics: sharing } of owners.values()) {
    if (sharing.length < 2) continue;
    const names = sharing.map((e) => ref(input.pmRepo, e.number)).join(" and ");
    warnings.push(`epic label "${label}" is on ${sharing.length} epics, ${names}: its tasks count for each`);
  }

  const trackingOf = findTrackingIssues(input);
  const milestoneByTracking = new Map<number, MilestoneInput>();
  for (const milestone of input.milestones) {
    const tracking = trackingOf.get(milestone.number);
    if (tracking) milestoneByTracking.set(tracking.number, milestone);
  }

  const milestoneUpdates = new Map<number, Update[]>();
  const epicUpdates = new Map<number, Update[]>();
  const epicTasks = new Map<number, TaskEntry[]>();
  const otherTasks = new Map<OtherCategory, TaskEntry[]>();
  const authors = new Set<string>();
  /** Login (lower case) → the pull requests it posted a weekly update on, which are not counted. */
  const onPullRequests = new Map<string, string[]>();

  for (const issue of input.issues) {
    const updates = extractUpdates(issue, since, until);
    if (updates.length === 0) continue;
    if (issue.pullRequest) {
      // Waku's process asks for updates on the task issues; a pull request's is left out, but said.
      for (const update of updates) {
        const where = ref(issue.repo, issue.number);
        warnings.push(
          `weekly update on a pull request, not counted: ${where} by @${update.author} (${update.url}); post it on the task issue`,
        );
        const key = update.author.toLowerCase();
        onPullRequests.set(key, [...new Set([...(onPullRequests.get(key) ?? []), where])]);
      }
      continue;
    }
    for (const update of updates) {
      authors.add(update.author.toLowerCase());
      const missing = (["achieved", "next"] as const).filter((kind) => !update.kinds.includes(kind));
      if (missing.length > 0) {
        warnings.push(
          `update by @${update.author} on ${ref(issue.repo, issue.number)} has no ${missing.map((k) => `_${k}_`).join(" or ")} line (${update.url})`,
        );
      }
    }
    const plain = updates.map(({ kinds: _kinds, ...rest }) => rest);
    const inPm = issue.repo.toLowerCase() === pmRepo;

    const milestone = inPm ? milestoneByTracking.get(issue.number) : undefined;
    if (milestone) {
      milestoneUpdates.set(milestone.number, plain);
      continue;
    }
    if (inPm && epicLabelOf.has(issue.number)) {
      epicUpdates.set(issue.number, plain);
      continue;
    }
    const task = toTask(issue, plain);
    // The model's one rule: a task that belongs to two epics is listed under each, as status counts it.
    const mine = membership.epicsOf({ ...issue, repo: `${input.org}/${issue.repo}` }, epics);
    if (mine.length > 0) {
      for (const epic of mine) pushTo(epicTasks, epic.number, task);
      continue;
    }
    for (const label of issue.labels.filter((l) => isEpicLabel(l, input.epicPrefix))) {
      warnings.push(
        `${ref(issue.repo, issue.number)} carries epic label "${label}" but no epic issue in ${input.org}/${input.pmRepo} has it: listed under Other Work`,
      );
    }
    pushTo(otherTasks, categorise(issue.labels), task);
  }

  const buildEpic = (epic: PmIssueInput): EpicSection => ({
    number: epic.number,
    title: epic.title.replace(/^\s*\[epic\]\s*:?\s*/i, ""),
    url: epic.url,
    state: epic.state,
    label: epicLabelOf.get(epic.number) ?? null,
    updates: epicUpdates.get(epic.number) ?? [],
    tasks: sortTasks(epicTasks.get(epic.number) ?? []),
  });
  const epicsWithNews = input.epics
    .filter((e) => epicUpdates.has(e.number) || epicTasks.has(e.number))
    .map((e) => ({ input: e, section: buildEpic(e) }));

  const milestoneNumbers = new Set(input.milestones.map((m) => m.number));
  const milestones: MilestoneSection[] = [];
  for (const milestone of sortMilestones(input.milestones)) {
    const epics = sortEpics(
      epicsWithNews.filter((e) => e.input.milestone === milestone.number).map((e) => e.section),
    );
    const updates = milestoneUpdates.get(milestone.number) ?? [];
    if (milestone.state === "closed" && updates.length === 0 && epics.length === 0) continue;
    const tracking = trackingOf.get(milestone.number) ?? null;
    if (milestone.state === "open" && updates.length === 0) {
      warnings.push(
        tracking
          ? `open milestone "${milestone.title}" has no weekly update on its tracking issue ${ref(input.pmRepo, tracking.number)} in the window`
          : `open milestone "${milestone.title}" has no tracking issue (an issue of ${input.org}/${input.pmRepo} labelled "milestone" linked from the milestone's description or titled "[Milestone] ${milestone.title}"), so no update`,
      );
    }
    milestones.push({
      number: milestone.number,
      title: milestone.title,
      url: milestone.url,
      dueOn: milestone.dueOn,
      state: milestone.state,
      trackingIssue: tracking ? { number: tracking.number, url: tracking.url } : null,
      updates,
      epics,
    });
  }

  const orphanEpics = sortEpics(
    epicsWithNews
      .filter((e) => e.input.milestone === null || !milestoneNumbers.has(e.input.milestone))
      .map((e) => e.section),
  );

  const other: OtherSection[] = OTHER_CATEGORIES.filter((c) => otherTasks.has(c.category)).map((c) => ({
    category: c.category,
    title: c.title,
    tasks: sortTasks(otherTasks.get(c.category) ?? []),
  }));

  const seen = new Set<string>();
  const team = input.team
    .filter((login) => {
      const key = login.toLowerCase().replace(/^@/, "");
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((login): TeamMember => {
      const clean = login.replace(/^@/, "");
      const posted = authors.has(clean.toLowerCase());
      const prs = onPullRequests.get(clean.toLowerCase());
      return { login: clean, posted, ...(prs && !posted ? { onPullRequestsOnly: prs } : {}) };
    });

  return {
    org: input.org,
    since: toGitHubTime(input.since),
    until: toGitHubTime(input.until),
    milestones,
    orphanEpics,
    other,
    team,
    warnings,
  };
}

/** In-window weekly updates of one issue, oldest first. */
function extractUpdates(issue: IssueInput, since: number, until: number) {
  const updates: (Update & { kinds: string[] })[] = [];
  for (const comment of issue.comments) {
    const at = Date.parse(comment.createdAt);
    if (!(at >= since && at < until)) continue;
    const parsed = parseWeeklyUpdate(comment.body);
    if (!parsed) continue;
    updates.push({
      author: comment.author,
      createdAt: comment.createdAt,
      url: comment.url,
      lines: parsed.lines,
      kinds: parsed.kinds,
    });
  }
  return updates.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

/**
 * Milestone number → its tracking issue: the issue of pm whose URL the milestone's description
 * holds (the process the team follows), else the `milestone`-labelled issue titled
 * `[Milestone] <title>` (ignoring case and spacing).
 */
function findTrackingIssues(input: ReportInput): Map<number, { number: number; url: string }> {
  const result = new Map<number, { number: number; url: string }>();
  const byNumber = new Map<number, { number: number; url: string }>();
  for (const issue of input.issues) {
    if (issue.repo.toLowerCase() === input.pmRepo.toLowerCase()) byNumber.set(issue.number, issue);
  }
  for (const issue of input.trackingIssues) byNumber.set(issue.number, issue);
  const urlPattern = new RegExp(
    `/${escapeRegExp(input.org)}/${escapeRegExp(input.pmRepo)}/issues/(\\d+)(?!\\d)`,
    "i",
  );
  for (const milestone of input.milestones) {
    const linked = urlPattern.exec(milestone.description ?? "")?.[1];
    const linkedIssue = linked === undefined ? undefined : byNumber.get(Number(linked));
    if (linkedIssue) {
      result.set(milestone.number, { number: linkedIssue.number, url: linkedIssue.url });
      continue;
    }
    const wanted = normaliseTitle(milestone.title);
    const titled = input.trackingIssues.find((issue) => {
      const match = /^\s*\[milestone\]\s*:?\s*(.*)$/i.exec(issue.title);
      return match !== null && normaliseTitle(match[1] ?? "") === wanted;
    });
    if (titled) {
      result.set(milestone.number, { number: titled.number, url: titled.url });
    } else if (linked !== undefined) {
      // The description links an issue we did not fetch (not labelled `milestone`, not updated in the
      // window): it is still the tracking issue; its URL comes from the description.
      const url = `${input.milestones.find((m) => m.number === milestone.number)?.url.replace(/\/milestone\/\d+$/, "")}/issues/${linked}`;
      result.set(milestone.number, { number: Number(linked), url });
    }
  }
  return result;
}

function toTask(issue: IssueInput, updates: Update[]): TaskEntry {
  return {
    repo: issue.repo,
    number: issue.number,
    title: issue.title,
    url: issue.url,
    state: issue.state,
    updates,
  };
}

function categorise(labels: string[]): OtherCategory {
  const names = new Set(labels.map((l) => l.toLowerCase()));
  for (const c of OTHER_CATEGORIES) if (c.label !== null && names.has(c.label)) return c.category;
  return "other";
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const NATURAL = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

function sortTasks(tasks: TaskEntry[]): TaskEntry[] {
  return [...tasks].sort((a, b) => NATURAL.compare(a.repo, b.repo) || a.number - b.number);
}

/** Epic titles carry their outline number ("1.2: …"), so natural order is the plan's order. */
function sortEpics(epics: EpicSection[]): EpicSection[] {
  return [...epics].sort((a, b) => NATURAL.compare(a.title, b.title) || a.number - b.number);
}

/** Open before closed; then soonest due first, milestones without a due date last. */
export function sortMilestones<M extends MilestoneInput>(milestones: M[]): M[] {
  const due = (m: M) => (m.dueOn ? Date.parse(m.dueOn) : Number.POSITIVE_INFINITY);
  const closed = (m: M) => (m.state === "closed" ? 1 : 0);
  return [...milestones].sort((a, b) => closed(a) - closed(b) || due(a) - due(b) || a.number - b.number);
}

function normaliseTitle(title: string): string {
  return title.toLowerCase().replace(/\s+/g, " ").trim();
}

/** GitHub's own timestamp style: no milliseconds unless there are some. */
function toGitHubTime(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, "Z");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
