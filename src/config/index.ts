/**
 * Public face of the config module: what other modules import. The schema in `schema.ts` is the
 * only description of the file; these types are its parsed output.
 *
 * OWNER: the config/lint work. Signatures here are a contract other modules build on.
 * Besides `loadConfig`, `inspectConfig` (problems without throwing, for lint/check) and the pure
 * `validateConfigText` are exported, with the repository glob helpers sync-labels uses.
 */
import { existsSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { Context } from "../context.js";
import { InputError } from "../errors.js";
import { readConfigFile } from "./read.js";
import type { EpicSource } from "./schema.js";
import { type ValidationResult, validateConfigBytes } from "./validate.js";

export { compileRepoGlob, describeGlobError, namesRepoExplicitly, selectRepo } from "./globs.js";
export { MAX_CONFIG_BYTES } from "./read.js";
export { EPIC_SOURCES, type EpicSource, MAX_LABELS } from "./schema.js";
export {
  type ValidateOptions,
  type ValidationResult,
  validateConfigBytes,
  validateConfigText,
} from "./validate.js";
export { MAX_ALIAS_VALUES, MAX_COLLECTION_ALIASES, MAX_NESTING } from "./yaml-source.js";

export interface LabelSpec {
  name: string;
  /** Six lowercase hex digits, no '#'. */
  color: string;
  /** Absent: sync leaves the description alone. */
  description?: string;
  /** Earlier names of this label (renamed or merged into it by sync-labels). */
  aliases: string[];
  /** 1-based line of the entry in the config file (for annotations). */
  line: number;
}

export interface Config {
  /** Path of the file it was read from. */
  file: string;
  /** Which of the two accepted shapes the file had. */
  shape: "list" | "mapping";
  /** Organisation: --org, else the file's org; undefined when neither says (commands that need one fail with exit 2). */
  org: string | undefined;
  pmRepo: string;
  epicPrefix: string;
  repos: { include: string[]; exclude: string[] };
  /** Short name → milestone title (both `gen0: Title` and `gen0: { title: Title }`). */
  milestones: Record<string, string>;
  /**
   * Short name → start date (YYYY-MM-DD) for milestones written `{ title, start }`: where
   * `history --since` begins instead of the milestone's creation. See `milestoneStartOf`.
   */
  milestoneStarts: Record<string, string>;
  /** Epic membership (docs/spec/time-and-hierarchy.md): defaults `labels` and `epic`, today's behaviour. */
  epics: {
    /** Where an epic's tasks come from: its label, its GitHub sub-issues, or both. */
    source: EpicSource;
    /** The label that marks an epic issue in pm_repo (`epics.marker_label`). */
    markerLabel: string;
  };
  team: string[];
  labels: LabelSpec[];
}

/** One validation problem, printed as `FILE:LINE:COLUMN: message`. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export class ConfigError extends InputError {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    // One problem per line, each starting with FILE:LINE:COLUMN so editors and CI logs link to it.
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(
      `invalid config (${count}):\n${problems.map(formatProblem).join("\n")}`,
      "Fix them (run `waku-pm lint` to check the file again); nothing was sent to GitHub.",
    );
    this.problems = problems;
  }
}

/** `FILE:LINE:COLUMN: message`, the one format problems are printed in. */
export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

/** Where the config was looked for, in order, when --config is not given. */
export const DEFAULT_CONFIG_PATHS = ["labels.yaml", ".github/labels.yml"] as const;

export interface ConfigInspection extends ValidationResult {
  /** Absolute path of the file read. */
  path: string;
}

/**
 * Finds and validates the config without throwing on problems: `lint` and `check` report them
 * themselves. Throws InputError only when there is no file to read.
 */
export function inspectConfig(ctx: Pick<Context, "cwd" | "globals">): ConfigInspection {
  const path = findConfigFile(ctx);
  const shown = displayPath(ctx.cwd, path);
  // A FIFO, a device or a directory is refused here; size and encoding become problems with a position.
  const bytes = readConfigFile(path, shown);
  return { ...validateConfigBytes(bytes, shown, { org: ctx.globals.org }), path };
}

/**
 * Finds (--config, else ./labels.yaml, else ./.github/labels.yml), reads and validates the config;
 * applies --org. Warnings go to stderr; throws ConfigError listing every problem at once.
 */
export function loadConfig(ctx: Context): Config {
  const inspection = inspectConfig(ctx);
  for (const warning of inspection.warnings) ctx.stderr.write(`${formatWarning(warning)}\n`);
  if (inspection.errors.length > 0 || !inspection.config) throw new ConfigError(inspection.errors);
  return inspection.config;
}

/**
 * The configured start date of a milestone, by its GitHub title (ignoring case, as `--milestone`
 * matches titles), or undefined when the config gives none: `history` then starts at its creation.
 */
export function milestoneStartOf(
  config: Pick<Config, "milestones" | "milestoneStarts">,
  title: string,
): string | undefined {
  const wanted = title.toLowerCase();
  for (const [short, start] of Object.entries(config.milestoneStarts)) {
    if (config.milestones[short]?.toLowerCase() === wanted) return start;
  }
  return undefined;
}

export function formatWarning(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column}: warning: ${problem.message}`;
}

function findConfigFile(ctx: Pick<Context, "cwd" | "globals">): string {
  if (ctx.globals.config) {
    const path = resolve(ctx.cwd, ctx.globals.config);
    if (!existsSync(path)) {
      throw new InputError(
        `config file not found: ${ctx.globals.config} (looked for ${path})`,
        "Check the path given to --config.",
      );
    }
    return path;
  }
  for (const candidate of DEFAULT_CONFIG_PATHS) {
    const path = resolve(ctx.cwd, candidate);
    if (existsSync(path)) return path;
  }
  throw new InputError(
    `no config file: tried ./${DEFAULT_CONFIG_PATHS.join(" and ./")} in ${ctx.cwd}`,
    "Create labels.yaml (a list of labels, or a mapping with org and labels) or pass --config FILE.",
  );
}

/** Paths inside the working directory are shown relative to it: what GitHub annotations need. */
function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split(sep).join("/") : path;
}
