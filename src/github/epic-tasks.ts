/**
 * The tasks of some epics, read the way the config's `epics.source` says: by label (one
 * OR-filtered read across every repository), by sub-issue tree, or both (one pool, each task once:
 * a labelled group stays a group). `status`, `check` and every reader of epics' tasks use this, so
 * the source is decided in one place.
 */
import { mergeTaskPools } from "../link/pool.js";
import { type EpicSource, LabelMembership } from "../model/epics.js";
import type { Epic, PlanningOverview, Task } from "../model/work.js";
import type { GitHubClient } from "./client.js";
import { fetchTasks, type TaskFetch } from "./planning.js";
import { fetchSubIssueTasks } from "./sub-issues.js";

export interface EpicTasks {
  /** What the membership rule counts from. */
  pool: Task[];
  labelTasks: Task[];
  subIssueTasks: Task[];
  warnings: string[];
}

export async function fetchEpicTasks(
  client: Pick<GitHubClient, "graphql">,
  options: {
    overview: PlanningOverview;
    epics: readonly Epic[];
    epicPrefix: string;
    source: EpicSource;
    /** Read each repository instead of search (no index lag, ~4 points per repository). */
    fresh?: boolean;
    /**
     * A label read the caller has already made for these epics' labels or more (`status
     * --forecast` reads every epic's tasks for its replay): these epics take the tasks carrying one
     * of their labels from it instead of reading again.
     */
    labelRead?: TaskFetch;
  },
): Promise<EpicTasks> {
  const { overview, epics, source } = options;
  const warnings: string[] = [];
  let labelTasks: Task[] = [];
  let subIssueTasks: Task[] = [];
  if (source !== "sub-issues") {
    const labels = new LabelMembership(`${overview.org}/${overview.pmRepo}`, options.epicPrefix).labelsOf(
      epics,
    );
    const mine = new Set(labels.map((l) => l.toLowerCase()));
    const read = options.labelRead
      ? {
          tasks: options.labelRead.tasks.filter((t) => t.labels.some((l) => mine.has(l.toLowerCase()))),
          warnings: options.labelRead.warnings,
        }
      : await fetchTasks(client, {
          org: overview.org,
          repositories: overview.repositories.map((r) => r.name),
          labels,
          ...(options.fresh ? { fresh: true } : {}),
        });
    labelTasks = read.tasks;
    warnings.push(...read.warnings);
  }
  if (source !== "labels" && epics.length > 0) {
    const read = await fetchSubIssueTasks(client, { org: overview.org, pmRepo: overview.pmRepo, epics });
    subIssueTasks = read.tasks;
    warnings.push(...read.warnings);
  }
  const pool =
    source === "both"
      ? mergeTaskPools(labelTasks, subIssueTasks)
      : source === "labels"
        ? labelTasks
        : subIssueTasks;
  return { pool, labelTasks, subIssueTasks, warnings };
}
