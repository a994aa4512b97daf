/**
 * Public face of the config module: what other modules import. The zod schema in `schema.ts` is the
 * only description of the file; these types are its parsed output.
 *
 * OWNER: the config/lint work. Signatures here are a contract other modules build on.
 */
import type { Context } from "../context.js";
import { InputError } from "../errors.js";

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
  /** Short name → milestone title. */
  milestones: Record<string, string>;
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
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join("\n"));
    this.problems = problems;
  }
}

/**
 * Finds (--config, else ./labels.yaml, else ./.github/labels.yml), reads and validates the config;
 * applies --org. Throws ConfigError listing every problem at once.
 */
export function loadConfig(_ctx: Context): Config {
  throw new InputError("config loading is not built yet");
}
