/**
 * What the commands that read history share (`history`, `status --as-of` and `--forecast`, `chart`,
 * `report --kind monthly`, `dashboard`): the day flags, where a milestone's history starts, and the
 * read and replay of its events. Kept out of shared.ts: `lint` loads that, and must not load the
 * history code.
 */
import { type Config, milestoneStartOf } from "../config/index.js";
import type { Context } from "../context.js";
import { InputError } from "../errors.js";
import type { GitHubClient } from "../github/client.js";
import { defaultCacheDir } from "../github/client.js";
import { FileEventStore } from "../github/event-store.js";
import { readHistory, readTasksNow } from "../github/history.js";
import type { TaskFetch } from "../github/planning.js";
import { Replay } from "../history/replay.js";
import { membershipFor } from "../model/epics.js";
import type { Epic, Milestone, PlanningOverview } from "../model/work.js";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day YYYY-MM-DD, or bad input naming the flag. */
export function parseDay(value: string, flag: string): string {
  const day = value.trim();
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (!DATE.test(day) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new InputError(`${flag}: "${value}" is not a date`, "Write a day as YYYY-MM-DD, e.g. 2023-09-01.");
  }
  return day;
}

/** Earlier names of the config's labels (lower case) → the label's name (lower case). */
export function aliasMap(config: Pick<Config, "labels">): Map<string, string> {
  const map = new Map<string, string>();
  for (const label of config.labels)
    for (const alias of label.aliases) map.set(alias.toLowerCase(), label.name.toLowerCase());
  return map;
}

/** Every epic label of the epics and each one's aliases from the config: what the task read filters on. */
export function labelsWithAliases(labels: readonly string[], config: Pick<Config, "labels">): string[] {
  const out = new Map<string, string>();
  for (const label of labels) {
    out.set(label.toLowerCase(), label);
    const spec = config.labels.find((l) => l.name.toLowerCase() === label.toLowerCase());
    for (const alias of spec?.aliases ?? []) out.set(alias.toLowerCase(), alias);
  }
  return [...out.values()];
}

/** Where a milestone's history starts: the config's start, else its creation, else 12 weeks before `until`. */
export function startOf(config: Config, milestone: Milestone, until: string): string {
  const configured = milestoneStartOf(config, milestone.title);
  if (configured) return configured;
  if (milestone.createdAt) return milestone.createdAt.slice(0, 10);
  return new Date(Date.parse(`${until}T00:00:00Z`) - 84 * 86_400_000).toISOString().slice(0, 10);
}

/** The labels the replay's read of the tasks now filters on: the epics' epic labels and their aliases. */
function replayLabels(config: Config, epics: readonly Epic[]): string[] {
  return labelsWithAliases(
    [
      ...new Set(
        epics.flatMap((e) =>
          e.labels.filter((l) => l.toLowerCase().startsWith(config.epicPrefix.toLowerCase())),
        ),
      ),
    ],
    config,
  );
}

/**
 * The tasks as they are now, read as `replayFrom` reads them (every epic label of `epics` and its
 * aliases). A command that needs them for something else too (`status --forecast`, its table) reads
 * them once with this and hands them to `replayFrom`.
 */
export function readReplayTasks(
  client: GitHubClient,
  config: Config,
  overview: PlanningOverview,
  epics: readonly Epic[],
  options: { fresh?: boolean } = {},
): Promise<TaskFetch> {
  return readTasksNow(client, {
    overview,
    labels: replayLabels(config, epics),
    ...(options.fresh ? { fresh: true } : {}),
  });
}

export interface ReplayContext {
  replay: Replay;
  warnings: string[];
}

/**
 * Reads what a replay from `earliest` needs and builds it: shared by `history`, `status --as-of`
 * and every command that shows progress over time. `tasksNow`, when given, is
 * `readReplayTasks(…, epics)` done by the caller: it is not read again, and its warnings are the
 * caller's to report.
 */
export async function replayFrom(
  ctx: Context,
  client: GitHubClient,
  config: Config,
  overview: PlanningOverview,
  epics: readonly Epic[],
  earliest: Date,
  tasksNow?: TaskFetch,
): Promise<ReplayContext> {
  const pmRepo = `${overview.org}/${overview.pmRepo}`;
  const membership = membershipFor({ pmRepo, epicPrefix: config.epicPrefix, source: config.epics.source });
  const cacheDir = ctx.globals.cache ? defaultCacheDir(ctx.env) : undefined;
  const read = await readHistory(client, {
    overview,
    epics,
    labels: replayLabels(config, epics),
    ...(tasksNow ? { tasksNow: tasksNow.tasks } : {}),
    since: earliest,
    ...(cacheDir ? { store: new FileEventStore(cacheDir, client.tokenScope()) } : {}),
    onProgress: (text) => {
      if (ctx.stderr.isTTY) ctx.stderr.write(`\r\u001b[K${text}`);
    },
  });
  if (ctx.stderr.isTTY) ctx.stderr.write("\r\u001b[K");
  const replay = new Replay(read.log, {
    pmRepo,
    epicPrefix: config.epicPrefix,
    membership,
    epics: overview.epics.map((e) => ({ number: e.number, labels: e.labels })),
    milestones: overview.milestones,
    aliases: aliasMap(config),
  });
  return { replay, warnings: read.warnings };
}
