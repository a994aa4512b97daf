/**
 * Seeded histories: each issue's events from its creation to the state the seed gives.
 *
 * A seed may give an issue's `events`; they are replayed from the issue's birth (open, no labels,
 * no milestone, no sub-issues) and must end exactly in the issue's stated labels, state, reason,
 * close time, merge, milestone and sub-issues: a history that does not is refused with an error
 * naming the issue, the event and what to change, because a test built on an impossible history
 * would prove nothing. Without `events`, the plainest consistent history is written (each label
 * and the milestone at creation, the close at `closed_at`, a merge just before it, each sub-issue
 * link once both issues exist), so every seed has events as every GitHub issue does.
 *
 * The child side of a sub-issue link (`parent_issue_added`/`removed`) is derived from the parent's
 * events, as GitHub records both from one action.
 */
import type { Seed, SeedEvent, SeedIssue } from "./seed.js";
import {
  findIssue,
  findRepo,
  recordEvent,
  resolveIssueRef,
  type SimIssue,
  type SimLabel,
  type SimMilestone,
  type SimRepo,
  type SimState,
} from "./state.js";

function labelByHistoricName(repo: SimRepo, name: string): SimLabel | undefined {
  const lower = name.toLowerCase();
  return (
    repo.labels.find((l) => l.name.toLowerCase() === lower) ??
    repo.labels.find((l) => l.former_names.some((n) => n.toLowerCase() === lower))
  );
}

function milestoneByHistoricTitle(repo: SimRepo, title: string): SimMilestone | undefined {
  return (
    repo.milestones.find((m) => m.title === title) ??
    repo.milestones.find((m) => m.former_titles.includes(title))
  );
}

const list = (names: Iterable<string>): string => {
  const all = [...names].sort();
  return all.length === 0 ? "none" : all.map((n) => `"${n}"`).join(", ");
};

export function buildHistories(state: SimState, seed: Seed): void {
  // Parents first: a child's parent_issue events come from its parent's sub_issue events, and are
  // merged into the child's own history by time at the end.
  const derived = new Map<
    SimIssue,
    { at: string; actor: string; kind: "add" | "remove"; parentId: number }[]
  >();
  const pending: { repo: SimRepo; issue: SimIssue; seedIssue: SeedIssue }[] = [];
  for (const seedRepo of seed.repos) {
    const repo = findRepo(state, seedRepo.name) as SimRepo;
    for (const seedIssue of seedRepo.issues ?? []) {
      const issue = findIssue(repo, seedIssue.number) as SimIssue;
      pending.push({ repo, issue, seedIssue });
    }
  }
  for (const { repo, issue, seedIssue } of pending) {
    const events = seedIssue.events ?? plainHistory(state, repo, issue, seedIssue);
    replay(state, repo, issue, seedIssue, events, derived);
  }
  for (const [child, links] of derived) {
    for (const link of links) {
      recordEvent(state, child, {
        event: link.kind === "add" ? "parent_issue_added" : "parent_issue_removed",
        other_issue_id: link.parentId,
        actor: link.actor,
        created_at: link.at,
      });
    }
    child.events.sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id);
  }
}

/** The simplest history that ends in the issue's state. */
function plainHistory(state: SimState, repo: SimRepo, issue: SimIssue, s: SeedIssue): SeedEvent[] {
  const at = issue.created_at;
  const events: SeedEvent[] = [];
  for (const id of issue.labelIds) {
    const name = repo.labels.find((l) => l.id === id)?.name as string;
    events.push({ event: "labeled", created_at: at, label: name });
  }
  if (issue.milestone !== null) {
    const m = repo.milestones.find((x) => x.number === issue.milestone) as SimMilestone;
    events.push({ event: "milestoned", created_at: at, milestone: m.title });
  }
  for (const ref of s.sub_issues ?? []) {
    const child = resolveIssueRef(state, ref);
    const childCreated = "error" in child ? at : child.issue.created_at;
    events.push({
      event: "sub_issue_added",
      created_at: Date.parse(childCreated) > Date.parse(at) ? childCreated : at,
      sub_issue: ref,
    });
  }
  if (issue.state === "closed" && issue.closed_at) {
    if (issue.merged) events.push({ event: "merged", created_at: issue.closed_at });
    events.push({
      event: "closed",
      created_at: issue.closed_at,
      ...(issue.pull_request ? {} : { state_reason: s.state_reason ?? "completed" }),
    });
  }
  return events.sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
}

function replay(
  state: SimState,
  repo: SimRepo,
  issue: SimIssue,
  s: SeedIssue,
  events: SeedEvent[],
  derived: Map<SimIssue, { at: string; actor: string; kind: "add" | "remove"; parentId: number }[]>,
): void {
  const who = `seed: ${repo.name}#${issue.number}`;
  const labels = new Map<number, string>();
  let open = true;
  let merged = false;
  let reason: SimIssue["state_reason"] = null;
  let closedAt: string | null = null;
  let milestone: SimMilestone | null = null;
  const subs: number[] = [];
  let previous = Date.parse(issue.created_at);
  for (const [index, e] of events.entries()) {
    const at = Date.parse(e.created_at);
    const where = `${who}'s event ${index + 1} (${e.event} at ${e.created_at})`;
    // Typed as a value so that a call narrows like a `throw` does.
    const fail: (why: string) => never = (why) => {
      throw new Error(`${where} ${why}`);
    };
    if (Number.isNaN(at)) fail("has no valid created_at");
    if (at < previous) {
      fail(
        at < Date.parse(issue.created_at)
          ? `is before the issue was created (${issue.created_at})`
          : "is earlier than the event before it: list a history oldest first",
      );
    }
    previous = at;
    const actor = e.actor ?? issue.user;
    const base = { actor, created_at: e.created_at };
    switch (e.event) {
      case "labeled":
      case "unlabeled": {
        if (!e.label) fail("names no label");
        const label = labelByHistoricName(repo, e.label);
        if (!label)
          fail(`names label "${e.label}", which ${repo.name} has under no name (add it to former_names?)`);
        const l = label as SimLabel;
        if (e.event === "labeled" && labels.has(l.id)) fail(`adds "${e.label}", which the issue already has`);
        if (e.event === "unlabeled" && !labels.has(l.id))
          fail(`removes "${e.label}", which the issue does not have`);
        if (e.event === "labeled") labels.set(l.id, l.name);
        else labels.delete(l.id);
        recordEvent(state, issue, {
          ...base,
          event: e.event,
          label: { id: l.id, name: e.label, color: l.color },
        });
        break;
      }
      case "closed":
        if (!open) fail("closes an issue that is already closed");
        if (issue.pull_request && e.state_reason)
          fail("gives a state_reason, which pull requests do not have");
        open = false;
        closedAt = e.created_at;
        reason = issue.pull_request ? null : (e.state_reason ?? "completed");
        recordEvent(state, issue, {
          ...base,
          event: "closed",
          ...(issue.pull_request ? {} : { state_reason: e.state_reason ?? "completed" }),
        });
        break;
      case "reopened":
        if (open) fail("reopens an issue that is open");
        if (merged) fail("reopens a merged pull request, which GitHub cannot do");
        open = true;
        reason = issue.pull_request ? null : "reopened";
        recordEvent(state, issue, { ...base, event: "reopened" });
        break;
      case "merged":
        if (!issue.pull_request) fail("merges an issue: only pull requests merge");
        if (!open || merged) fail("merges a pull request that is not open");
        merged = true;
        recordEvent(state, issue, { ...base, event: "merged" });
        break;
      case "milestoned":
      case "demilestoned": {
        if (!e.milestone) fail("names no milestone");
        const m = milestoneByHistoricTitle(repo, e.milestone);
        if (!m) fail(`names milestone "${e.milestone}", which ${repo.name} has under no title`);
        if (e.event === "milestoned") {
          if (milestone)
            fail(
              `while in "${milestone.title}": GitHub records a change of milestone as demilestoned, then milestoned`,
            );
          milestone = m as SimMilestone;
        } else {
          if (milestone?.id !== (m as SimMilestone).id)
            fail(`removes "${e.milestone}", which the issue is not in`);
          milestone = null;
        }
        recordEvent(state, issue, { ...base, event: e.event, milestone: { title: e.milestone } });
        break;
      }
      case "sub_issue_added":
      case "sub_issue_removed": {
        const child = resolveIssueRef(state, e.sub_issue ?? "");
        if ("error" in child) fail(`has sub_issue ${child.error}`);
        const id = child.issue.id;
        if (e.event === "sub_issue_added" && subs.includes(id)) fail(`adds ${e.sub_issue} twice`);
        if (e.event === "sub_issue_removed" && !subs.includes(id))
          fail(`removes ${e.sub_issue}, not a sub-issue then`);
        if (e.event === "sub_issue_added") subs.push(id);
        else subs.splice(subs.indexOf(id), 1);
        recordEvent(state, issue, { ...base, event: e.event, other_issue_id: id });
        const links = derived.get(child.issue) ?? [];
        links.push({
          at: e.created_at,
          actor,
          kind: e.event === "sub_issue_added" ? "add" : "remove",
          parentId: issue.id,
        });
        derived.set(child.issue, links);
        break;
      }
      case "transferred":
        recordEvent(state, issue, { ...base, event: "transferred", from_repo: e.from_repo ?? "unknown" });
        break;
      default:
        fail(`is not an event the simulator models (${String((e as { event: unknown }).event)})`);
    }
  }

  const end = `${who}'s history does not end in its stated state:`;
  const finalLabels = new Map(
    issue.labelIds.map((id) => [id, repo.labels.find((l) => l.id === id)?.name ?? ""]),
  );
  const missing = [...finalLabels].filter(([id]) => !labels.has(id)).map(([, n]) => n);
  const extra = [...labels]
    .filter(([id]) => !finalLabels.has(id))
    .map(([id]) => finalLabels.get(id) ?? labels.get(id) ?? "");
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `${end} it ends with labels ${list(labels.values())} but the issue has ${list(finalLabels.values())}` +
        (missing.length ? `; add a "labeled" event for ${list(missing)}` : "") +
        (extra.length ? `; add an "unlabeled" event for ${list(extra)}` : ""),
    );
  }
  const stated = issue.state;
  if ((open ? "open" : "closed") !== stated) {
    throw new Error(`${end} it ends ${open ? "open" : "closed"} but the issue is ${stated}`);
  }
  if (merged !== issue.merged) {
    throw new Error(
      `${end} it ${merged ? "merges" : "never merges"} the pull request, but merged is ${issue.merged}`,
    );
  }
  if (!open) {
    if (s.closed_at != null && s.closed_at !== closedAt) {
      throw new Error(`${end} its last close is at ${closedAt} but closed_at is ${s.closed_at}`);
    }
    issue.closed_at = closedAt;
  } else if (s.closed_at != null) {
    throw new Error(`${end} it ends open but closed_at is ${s.closed_at}`);
  }
  const statedReason = issue.pull_request || open ? null : (s.state_reason ?? "completed");
  if (!open && reason !== statedReason) {
    throw new Error(`${end} its last close is ${reason} but state_reason is ${statedReason}`);
  }
  issue.state_reason = reason;
  if ((milestone?.number ?? null) !== issue.milestone) {
    const named = issue.milestone === null ? "none" : `#${issue.milestone}`;
    throw new Error(
      `${end} it ends in milestone ${milestone ? `"${milestone.title}"` : "none"} but the issue is in ${named}`,
    );
  }
  const sameSubs =
    subs.length === issue.subIssueIds.length && subs.every((id) => issue.subIssueIds.includes(id));
  if (!sameSubs) {
    throw new Error(
      `${end} its sub-issue events end with ${subs.length} sub-issues, the seed lists ${issue.subIssueIds.length}`,
    );
  }
}
