/**
 * The event log of an organisation, normalised: what the history engine replays. The `github/`
 * reader turns GitHub's issue events into these; nothing here knows about GitHub's shapes.
 *
 * Every event names the item it happened to by its current identity ("org/name#number"). Label
 * names are as GitHub recorded them at the time (a renamed label keeps its old name on old events);
 * the replay stitches them to the config's names through aliases.
 */
import type { IssueRef } from "../model/work.js";

export type CloseReason = "completed" | "not_planned" | "duplicate";

export type WorkEvent =
  | { kind: "labeled" | "unlabeled"; at: string; item: IssueRef; label: string }
  | { kind: "closed"; at: string; item: IssueRef; reason: CloseReason }
  | { kind: "reopened"; at: string; item: IssueRef }
  | { kind: "milestoned" | "demilestoned"; at: string; item: IssueRef; milestone: string }
  /** `item` is the sub-issue, `parent` its parent (in the parent's or the child's timeline). */
  | { kind: "sub_issue_added" | "sub_issue_removed"; at: string; item: IssueRef; parent: IssueRef };

/** What the history needs of an item as it is now, beside its events. */
export interface ItemNow extends IssueRef {
  title: string;
  url: string;
  pullRequest: boolean;
  createdAt: string;
  state: "open" | "closed";
  /** Why it was closed, when it is closed (a merged or closed pull request: completed). */
  stateReason: CloseReason | null;
  labels: string[];
  /** Its parent now (sub-issues), or null. */
  parent: IssueRef | null;
  /** Its milestone's title now (epics), or null. */
  milestone: string | null;
}

/** Everything the replay reads: the items as they are now and what happened to them since `from`. */
export interface EventLog {
  /** Events are complete from this instant on (older ones may be missing): points before it are unknown. */
  from: string;
  items: ItemNow[];
  events: WorkEvent[];
}
