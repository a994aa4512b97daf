/**
 * The tracking rules of docs/spec/data-model.md, as a pure function over what GitHub returned and what the
 * config says. No I/O, no colour; `check` renders the result.
 *
 * - Every epic issue carries exactly one epic label, and that label is in the config (problem).
 * - Every epic label in the config belongs to an epic issue (warning: orphan label).
 * - Every open epic is in a milestone (warning: orphan epic).
 */
import type { LabelSpec } from "../config/index.js";
import { epicLabelsOf, isEpicLabel } from "../model/epics.js";
import type { Epic } from "../model/work.js";

export type EpicProblemKind = "no-epic-label" | "several-epic-labels" | "unknown-epic-label";

/** An epic issue that breaks a rule: exit 1. */
export interface EpicProblem {
  kind: EpicProblemKind;
  number: number;
  title: string;
  url: string;
  /** The epic labels it carries (those starting with the prefix). */
  labels: string[];
  /** One sentence saying what is wrong and what to do. */
  problem: string;
}

export type TrackingWarning =
  | { kind: "orphan-label"; label: string; line: number; message: string }
  | { kind: "orphan-epic"; number: number; title: string; url: string; message: string };

export interface TrackingResult {
  problems: EpicProblem[];
  warnings: TrackingWarning[];
}

export interface TrackingInput {
  /** Every issue of the pm repository labelled `epic`, open and closed. */
  epics: readonly Epic[];
  labels: readonly LabelSpec[];
  epicPrefix: string;
  /** "org/pm", to name epics in messages. */
  pmRepo: string;
}

function key(name: string): string {
  return name.toLowerCase();
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}

export function checkTracking(input: TrackingInput): TrackingResult {
  const { epics, labels, epicPrefix, pmRepo } = input;
  // GitHub label names are unique ignoring case, so the config is matched ignoring case too.
  const byName = new Map<string, LabelSpec>();
  const byAlias = new Map<string, LabelSpec>();
  for (const spec of labels) {
    byName.set(key(spec.name), spec);
    for (const alias of spec.aliases) byAlias.set(key(alias), spec);
  }

  const problems: EpicProblem[] = [];
  const warnings: TrackingWarning[] = [];
  const claimed = new Set<string>();

  for (const epic of epics) {
    const where = `${pmRepo}#${epic.number}`;
    const epicLabels = epicLabelsOf(epic, epicPrefix);
    for (const name of epicLabels) claimed.add(key(name));
    const base = { number: epic.number, title: epic.title, url: epic.url, labels: epicLabels };

    if (epicLabels.length === 0) {
      problems.push({
        ...base,
        kind: "no-epic-label",
        problem: `epic ${where} carries no label starting with "${epicPrefix}": add its epic label so its tasks can be found`,
      });
    } else if (epicLabels.length > 1) {
      problems.push({
        ...base,
        kind: "several-epic-labels",
        problem: `epic ${where} carries ${epicLabels.length} epic labels (${quoteList(epicLabels)}): keep exactly one, so each task counts towards one epic`,
      });
    } else {
      const [only] = epicLabels as [string];
      if (!byName.has(key(only))) {
        const renamedTo = byAlias.get(key(only));
        problems.push({
          ...base,
          kind: "unknown-epic-label",
          problem: renamedTo
            ? `epic ${where} carries "${only}", an old name of "${renamedTo.name}": run sync-labels to rename it in ${pmRepo}`
            : `epic ${where} carries "${only}", which is not in the config: add it to the label file (or relabel the epic)`,
        });
      }
    }

    if (epic.state === "open" && epic.milestone === null) {
      warnings.push({
        kind: "orphan-epic",
        number: epic.number,
        title: epic.title,
        url: epic.url,
        message: `orphan epic: ${where} "${epic.title}" is open but in no milestone`,
      });
    }
  }

  for (const spec of labels) {
    if (!isEpicLabel(spec.name, epicPrefix)) continue;
    // An epic still carrying an alias (not yet renamed by sync-labels) still owns the label.
    const owned = claimed.has(key(spec.name)) || spec.aliases.some((alias) => claimed.has(key(alias)));
    if (owned) continue;
    warnings.push({
      kind: "orphan-label",
      label: spec.name,
      line: spec.line,
      message: `orphan label: no epic issue in ${pmRepo} carries "${spec.name}"`,
    });
  }

  return { problems, warnings };
}
