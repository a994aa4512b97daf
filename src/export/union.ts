/**
 * The pure core of `export-labels`: from the labels each repository has, the one list a
 * labels.yaml should hold, and for each label the repositories that lack it or have it otherwise.
 *
 * Labels are the same label when their names match ignoring case (GitHub's rule). For each field
 * (spelling, colour, description) the value most repositories carry wins; a tie goes to the
 * preferred repository (the pm repository, which holds the label file), then to the repositories'
 * order. Who lacks or differs is not computed here a second way: it is exactly what the sync
 * planner would do to that repository with the exported labels, so the comments in the file say
 * what `sync-labels` would then create or change, and nothing else.
 */
import type { LabelSpec } from "../config/index.js";
import type { Label } from "../github/labels.js";
import { type LabelChange, planLabelSync } from "../sync/plan.js";

export interface RepoLabels {
  /** Repository name, without the owner. */
  repo: string;
  labels: readonly Label[];
}

/** How one repository's copy of a label differs from the exported one. */
export interface LabelDifference {
  repo: string;
  /** As the repository spells it, when only the case differs. */
  name?: string;
  color?: string;
  /** The repository's description ("" when it has none). */
  description?: string;
}

export interface ExportedLabel {
  name: string;
  /** Six lowercase hex digits. */
  color: string;
  /** Absent when the winning description is none: sync then leaves descriptions alone. */
  description?: string;
  /** How many of the repositories read carry it. */
  present: number;
  /** Repositories that lack it (sync-labels would create it there), in the repositories' order. */
  missing: string[];
  /** Repositories whose copy differs (sync-labels would rename or update it there). */
  differs: LabelDifference[];
}

export interface UnionOptions {
  /** Wins ties: the repository whose spelling, colour and description go first (e.g. pm). */
  preferRepo?: string;
}

interface Tally {
  count: number;
  /** Rank of the first repository (in preference order) that carries this value. */
  rank: number;
}

function vote(tallies: Map<string, Tally>, value: string, rank: number): void {
  const tally = tallies.get(value);
  if (tally) tally.count++;
  else tallies.set(value, { count: 1, rank });
}

function winner(tallies: Map<string, Tally>): string {
  let best: [string, Tally] | undefined;
  for (const entry of tallies) {
    if (
      !best ||
      entry[1].count > best[1].count ||
      (entry[1].count === best[1].count && entry[1].rank < best[1].rank)
    ) {
      best = entry;
    }
  }
  return best![0];
}

/** One label per name ignoring case, sorted by name ignoring case, with who lacks or differs. */
export function unionLabels(repos: readonly RepoLabels[], options: UnionOptions = {}): ExportedLabel[] {
  const preferred = options.preferRepo?.toLowerCase();
  const ordered = [...repos].sort((a, b) => {
    const pa = a.repo.toLowerCase() === preferred ? 0 : 1;
    const pb = b.repo.toLowerCase() === preferred ? 0 : 1;
    return pa - pb || repos.indexOf(a) - repos.indexOf(b);
  });

  const groups = new Map<
    string,
    {
      names: Map<string, Tally>;
      colors: Map<string, Tally>;
      descriptions: Map<string, Tally>;
      present: number;
    }
  >();
  ordered.forEach(({ labels }, rank) => {
    for (const label of labels) {
      const key = label.name.toLowerCase();
      let group = groups.get(key);
      if (!group) {
        group = { names: new Map(), colors: new Map(), descriptions: new Map(), present: 0 };
        groups.set(key, group);
      }
      group.present++;
      vote(group.names, label.name, rank);
      vote(group.colors, label.color.toLowerCase(), rank);
      // GitHub's null description and an empty one are the same thing.
      vote(group.descriptions, label.description ?? "", rank);
    }
  });

  const exported: ExportedLabel[] = [...groups.values()].map((group) => {
    const description = winner(group.descriptions);
    return {
      name: winner(group.names),
      color: winner(group.colors),
      ...(description !== "" ? { description } : {}),
      present: group.present,
      missing: [],
      differs: [],
    };
  });
  exported.sort(
    (a, b) =>
      a.name.toLowerCase().localeCompare(b.name.toLowerCase(), "en") || a.name.localeCompare(b.name, "en"),
  );
  attributeDifferences(exported, repos);
  return exported;
}

/** As a config entry, so the planner can compare a repository with it. */
export function toLabelSpec(label: Pick<ExportedLabel, "name" | "color" | "description">): LabelSpec {
  return {
    name: label.name,
    color: label.color,
    ...(label.description !== undefined ? { description: label.description } : {}),
    aliases: [],
    line: 0,
  };
}

/**
 * Fills `missing` and `differs` from the sync planner's answer for each repository (in the order
 * given), so the file can never claim a difference sync-labels would not act on, or miss one.
 */
export function attributeDifferences(labels: ExportedLabel[], repos: readonly RepoLabels[]): void {
  const byKey = new Map(labels.map((l) => [l.name.toLowerCase(), l]));
  const specs = labels.map(toLabelSpec);
  for (const { repo, labels: current } of repos) {
    const plan = planLabelSync(specs, current, { prune: false, force: false });
    const currentByKey = new Map(current.map((l) => [l.name.toLowerCase(), l]));
    for (const change of plan.changes) {
      const label = byKey.get(change.name.toLowerCase());
      if (!label) continue;
      if (change.action === "create") label.missing.push(repo);
      else if (change.action === "rename" || change.action === "update") {
        label.differs.push(describeDifference(repo, change, currentByKey.get(change.name.toLowerCase())));
      }
    }
  }
}

function describeDifference(repo: string, change: LabelChange, current: Label | undefined): LabelDifference {
  const difference: LabelDifference = { repo };
  if (change.action === "rename" && current) difference.name = current.name;
  if (change.action === "rename" || change.action === "update") {
    if (change.fields.color) difference.color = change.fields.color.from;
    if (change.fields.description) difference.description = change.fields.description.from;
  }
  return difference;
}
