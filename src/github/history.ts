/**
 * Everything `history` and `status --as-of` read, assembled into the engine's event log: the
 * tasks as they are now (the same label-filtered GraphQL read `status` makes, aliases included so
 * a task still carrying an epic label's old name is found) and every issue event since the
 * earliest moment asked about (events.ts, one REST listing per repository, incremental).
 */
import type { EventLog, ItemNow } from "../history/events.js";
import { type Epic, issueKey, type PlanningOverview, type Task } from "../model/work.js";
import type { GitHubClient } from "./client.js";
import type { EventStore } from "./event-store.js";
import { readIssueEvents } from "./events.js";
import { fetchTasks, type TaskFetch } from "./planning.js";

/** Before any event can matter: items read only as they are now are older than every moment asked about. */
const LONG_AGO = "1970-01-01T00:00:00Z";

export interface HistoryRead {
  log: EventLog;
  warnings: string[];
}

function taskItem(task: Task): ItemNow {
  return {
    repo: task.repo,
    number: task.number,
    title: task.title,
    url: task.url,
    pullRequest: task.pullRequest,
    createdAt: LONG_AGO,
    state: task.state,
    stateReason: task.state === "closed" ? (task.stateReason ?? "completed") : null,
    labels: task.labels,
    // `ancestors` runs from the epic down: the last one is the task's own parent.
    parent: task.ancestors?.at(-1) ?? null,
    milestone: null,
  };
}

function epicItem(epic: Epic, overview: PlanningOverview): ItemNow {
  const milestone = overview.milestones.find((m) => m.number === epic.milestone);
  return {
    repo: `${overview.org}/${overview.pmRepo}`,
    number: epic.number,
    title: epic.title,
    url: epic.url,
    pullRequest: false,
    createdAt: LONG_AGO,
    state: epic.state,
    stateReason: epic.state === "closed" ? "completed" : null,
    labels: epic.labels,
    parent: null,
    milestone: milestone?.title ?? null,
  };
}

/**
 * The tasks as they are now, as `readHistory` reads them: every issue and pull request of the
 * overview's repositories carrying one of `labels`. Exported so a caller that needs them too
 * (`status --forecast`, its table) reads them once and passes them in as `tasksNow`.
 */
export function readTasksNow(
  client: GitHubClient,
  options: { overview: PlanningOverview; labels: readonly string[]; fresh?: boolean },
): Promise<TaskFetch> {
  const { overview } = options;
  return fetchTasks(client, {
    org: overview.org,
    repositories: overview.repositories.map((r) => r.name),
    labels: [...options.labels],
    ...(options.fresh ? { fresh: true } : {}),
  });
}

export async function readHistory(
  client: GitHubClient,
  options: {
    overview: PlanningOverview;
    /** The epics whose tasks matter (with those that were ever in the milestone). */
    epics: readonly Epic[];
    /** Epic labels and their aliases: what the current-task read filters on. */
    labels: readonly string[];
    /**
     * The tasks now, already read by the caller (`readTasksNow` with these `labels`): not read
     * again, and their read's warnings are the caller's to report.
     */
    tasksNow?: readonly Task[];
    /** Tasks read another way (sub-issues), as they are now. */
    extraTasks?: readonly Task[];
    since: Date;
    store?: EventStore;
    onProgress?: (text: string) => void;
  },
): Promise<HistoryRead> {
  const { overview } = options;
  const repositories = overview.repositories.map((r) => r.name);
  let current: TaskFetch = { tasks: [...(options.tasksNow ?? [])], warnings: [] };
  if (!options.tasksNow) {
    options.onProgress?.(
      `Reading tasks of ${options.epics.length === 1 ? "1 epic" : `${options.epics.length} epics`} in ${repositories.length === 1 ? "1 repository" : `${repositories.length} repositories`}…`,
    );
    current = await readTasksNow(client, { overview, labels: options.labels });
  }
  options.onProgress?.(`Reading issue events since ${options.since.toISOString().slice(0, 10)}…`);
  const events = await readIssueEvents(client, {
    org: overview.org,
    repositories,
    since: options.since,
    ...(options.store ? { store: options.store } : {}),
  });
  const items = new Map<string, ItemNow>();
  // What the events show of an issue is as fresh as the task read, and knows when it was created.
  for (const item of events.items) items.set(issueKey(item), item);
  for (const task of [...current.tasks, ...(options.extraTasks ?? [])]) {
    const seen = items.get(issueKey(task));
    items.set(issueKey(task), { ...taskItem(task), createdAt: seen?.createdAt ?? LONG_AGO });
  }
  for (const epic of overview.epics) {
    const seen = items.get(issueKey({ repo: `${overview.org}/${overview.pmRepo}`, number: epic.number }));
    items.set(issueKey({ repo: `${overview.org}/${overview.pmRepo}`, number: epic.number }), {
      ...epicItem(epic, overview),
      createdAt: seen?.createdAt ?? LONG_AGO,
    });
  }
  return {
    log: { from: options.since.toISOString(), items: [...items.values()], events: events.events },
    warnings: [...current.warnings, ...events.warnings],
  };
}
