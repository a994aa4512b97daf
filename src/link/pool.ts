/**
 * The task pool `source: both` counts from, pure: every task once, whichever way it was found.
 */
import { issueKey, type Task } from "../model/work.js";

/**
 * Label tasks (`fetchTasks`) and sub-issue tasks (`fetchSubIssueTasks`) as one list, each task
 * once. A task found both ways keeps the label read's labels (it reads 50 and was filtered on the
 * epic labels) and the tree's `ancestors` and `subIssues`, so a labelled group is still a group
 * (never counted itself) and a labelled sub-issue still descends from its epic. Pull requests
 * come only from the label read: GitHub cannot make one a sub-issue.
 */
export function mergeTaskPools(labelTasks: readonly Task[], subIssueTasks: readonly Task[]): Task[] {
  const byKey = new Map<string, Task>();
  for (const t of subIssueTasks) byKey.set(issueKey(t), t);
  for (const t of labelTasks) {
    const tree = byKey.get(issueKey(t));
    byKey.set(
      issueKey(t),
      tree ? { ...t, ancestors: tree.ancestors ?? [], subIssues: tree.subIssues ?? 0 } : t,
    );
  }
  return [...byKey.values()];
}
