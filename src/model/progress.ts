/**
 * How progress is counted (docs/spec/cli.md, `status`): closed tasks over all tasks, rounded down, so
 * 100 means every task is closed and 99.9 % of the work is not done. `status`, `report` and
 * `history` all count with these.
 */
import type { Task } from "./work.js";

export interface Progress {
  open: number;
  closed: number;
  total: number;
  percent: number;
}

/** Rounded down: 99.9 % of the work is not done. An empty scope is at 0 %. */
export function percentOf(closed: number, total: number): number {
  if (total === 0) return 0;
  return Math.floor((closed * 100) / total);
}

/**
 * A task closed as not planned or as a duplicate has left the scope: it counts neither as done nor
 * as left to do (docs/spec/time-and-hierarchy.md). Pull requests have no reason: closed is done.
 */
export function isNotPlanned(task: Pick<Task, "state" | "stateReason">): boolean {
  return task.state === "closed" && (task.stateReason === "not_planned" || task.stateReason === "duplicate");
}

export function progressOf(tasks: readonly Pick<Task, "state">[]): Progress {
  const closed = tasks.filter((t) => t.state === "closed").length;
  return {
    open: tasks.length - closed,
    closed,
    total: tasks.length,
    percent: percentOf(closed, tasks.length),
  };
}

/** Days from `now` until the due date, rounded up to whole days (negative when overdue). */
export function daysLeft(dueOn: string | null, now: Date): number | null {
  if (!dueOn) return null;
  const due = new Date(dueOn).getTime();
  if (Number.isNaN(due)) return null;
  return Math.ceil((due - now.getTime()) / 86_400_000);
}
