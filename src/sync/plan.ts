/**
 * The pure core of sync-labels: given the labels the config wants and the labels a repository has,
 * what must change. No I/O, no colour, deterministic order; the renderer prints a LabelPlan and the
 * applier executes it.
 *
 * The order of the changes is also the order they are applied in, chosen so that an interrupted run
 * leaves nothing a re-run cannot finish: renames first (they make targets exist without touching any
 * issue), then updates and creates, then merges (each relabels every issue before deleting the
 * alias), and deletions last.
 */
import type { LabelSpec } from "../config/index.js";
import type { Label } from "../github/labels.js";

export type ChangeAction = "create" | "update" | "rename" | "merge" | "delete" | "keep-in-use";

/** Before → after of one field. */
export interface FieldChange {
  from: string;
  to: string;
}

export interface FieldChanges {
  color?: FieldChange;
  description?: FieldChange;
}

export type LabelChange =
  | { action: "create"; name: string; color: string; description?: string }
  /** `name` is the label's current name (an update never renames). */
  | { action: "update"; name: string; fields: FieldChanges; color: string; description?: string }
  /** PATCH `from` with new_name `name`: every issue and pull request keeps the label. */
  | {
      action: "rename";
      name: string;
      from: string;
      reason: "case" | "alias";
      fields: FieldChanges;
      color: string;
      description?: string;
    }
  /** Relabel every issue carrying `from` with `name`, then delete `from`. */
  | { action: "merge"; name: string; from: string }
  /** Only with prune: a label outside the config. `issues` is how many carry it (stripped from them). */
  | { action: "delete"; name: string; issues: number }
  /** A prune candidate still carried by issues: kept unless --force. */
  | { action: "keep-in-use"; name: string; issues: number };

export interface LabelPlan {
  changes: LabelChange[];
}

export interface PlanOptions {
  /** Delete labels that are not in the config (nobody carries them, or --force). */
  prune: boolean;
  /** With prune: delete even labels that issues carry. */
  force: boolean;
  /**
   * How many issues and pull requests carry each prune candidate, keyed by lowercased name
   * (see `findPruneCandidates`). A candidate missing from the map counts as in use: not knowing is
   * no reason to delete.
   */
  usage?: ReadonlyMap<string, number>;
}

const ACTION_ORDER: readonly ChangeAction[] = [
  "rename",
  "update",
  "create",
  "merge",
  "delete",
  "keep-in-use",
];

function key(name: string): string {
  return name.toLowerCase();
}

/** GitHub's `null` description is the same as an empty one. */
function compareFields(spec: LabelSpec, label: Label): FieldChanges {
  const fields: FieldChanges = {};
  if (spec.color.toLowerCase() !== label.color.toLowerCase()) {
    fields.color = { from: label.color.toLowerCase(), to: spec.color.toLowerCase() };
  }
  // A config entry without a description leaves the description alone.
  if (spec.description !== undefined && spec.description !== (label.description ?? "")) {
    fields.description = { from: label.description ?? "", to: spec.description };
  }
  return fields;
}

function hasFieldChanges(fields: FieldChanges): boolean {
  return fields.color !== undefined || fields.description !== undefined;
}

function withDescription<T extends object>(
  base: T,
  description: string | undefined,
): T & { description?: string } {
  return description === undefined ? base : { ...base, description };
}

/**
 * Which current labels fall outside the config (neither a label nor an alias of one). These are
 * the labels whose usage the caller must look up before planning with `prune`.
 */
export function findPruneCandidates(desired: readonly LabelSpec[], current: readonly Label[]): Label[] {
  const known = new Set<string>();
  for (const spec of desired) {
    known.add(key(spec.name));
    for (const alias of spec.aliases) known.add(key(alias));
  }
  return current.filter((label) => !known.has(key(label.name)));
}

export function planLabelSync(
  desired: readonly LabelSpec[],
  current: readonly Label[],
  options: PlanOptions,
): LabelPlan {
  const byKey = new Map<string, Label>();
  for (const label of current) byKey.set(key(label.name), label);

  const changes: LabelChange[] = [];
  for (const spec of desired) {
    const existing = byKey.get(key(spec.name));
    const presentAliases = spec.aliases
      .map((alias) => byKey.get(key(alias)))
      .filter((label): label is Label => label !== undefined && key(label.name) !== key(spec.name));

    // The label that will carry the config name after this run, and its fields before the run.
    let target: Label | undefined = existing;
    let merges = presentAliases;
    if (existing) {
      const fields = compareFields(spec, existing);
      if (existing.name !== spec.name) {
        changes.push(
          withDescription(
            {
              action: "rename",
              name: spec.name,
              from: existing.name,
              reason: "case",
              fields,
              color: spec.color,
            },
            spec.description,
          ),
        );
      } else if (hasFieldChanges(fields)) {
        changes.push(
          withDescription({ action: "update", name: spec.name, fields, color: spec.color }, spec.description),
        );
      }
    } else if (presentAliases.length > 0) {
      // The first alias (in config order) present becomes the label; the others merge into it.
      const [first, ...rest] = presentAliases as [Label, ...Label[]];
      target = first;
      merges = rest;
      changes.push(
        withDescription(
          {
            action: "rename",
            name: spec.name,
            from: first.name,
            reason: "alias",
            fields: compareFields(spec, first),
            color: spec.color,
          },
          spec.description,
        ),
      );
    } else {
      changes.push(
        withDescription({ action: "create", name: spec.name, color: spec.color }, spec.description),
      );
    }
    if (target) {
      for (const alias of merges) changes.push({ action: "merge", name: spec.name, from: alias.name });
    }
  }

  if (options.prune) {
    const candidates = [...findPruneCandidates(desired, current)].sort((a, b) =>
      a.name.localeCompare(b.name, "en"),
    );
    for (const label of candidates) {
      const issues = options.usage?.get(key(label.name));
      if (issues === 0 || (options.force && issues !== undefined)) {
        changes.push({ action: "delete", name: label.name, issues });
      } else if (options.force) {
        // --force deletes even when usage is unknown; -1 tells the renderer it was not counted.
        changes.push({ action: "delete", name: label.name, issues: -1 });
      } else {
        changes.push({ action: "keep-in-use", name: label.name, issues: issues ?? -1 });
      }
    }
  }

  // Stable sort: within one action, config order (or name order for prune results) is kept.
  const rank = (c: LabelChange) => ACTION_ORDER.indexOf(c.action);
  return {
    changes: changes
      .map((c, i) => ({ c, i }))
      .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
      .map((x) => x.c),
  };
}

/** True when applying the plan would change something (keep-in-use alone changes nothing). */
export function planHasChanges(plan: LabelPlan): boolean {
  return plan.changes.some((c) => c.action !== "keep-in-use");
}
