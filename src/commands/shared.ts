/**
 * What every command does the same way: find the organisation, choose the output format. One
 * wording each, so the same mistake reads the same whichever command the user ran.
 */
import type { Config } from "../config/index.js";
import type { Context } from "../context.js";
import { InputError } from "../errors.js";

/** The organisation to read: --org, else the config's `org`; bad input (exit 2) when neither says. */
export function requireOrg(config: Pick<Config, "org" | "file">): string {
  if (config.org) return config.org;
  throw new InputError(
    `no organisation: ${config.file} has no \`org\` and --org was not given`,
    "Add `org: <name>` to the config (its mapping form) or pass --org ORG.",
  );
}

/**
 * The output format from `--format` and the global `--json` (which means json): both given and
 * different is a contradiction, said before anything is read.
 */
export function chooseFormat<F extends string>(
  ctx: Pick<Context, "globals">,
  format: F | undefined,
  fallback: F,
): F {
  if (format !== undefined && ctx.globals.json && format !== "json") {
    throw new InputError(`--json and --format ${format} contradict each other`, "Pass only one of them.");
  }
  if (format !== undefined) return format;
  return ctx.globals.json ? ("json" as F) : fallback;
}

/** --write-interval MS of the commands that write (sync-labels, link-tasks): a whole number. */
export function parseWriteInterval(raw: string): number {
  const ms = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(ms)) {
    throw new InputError(
      `--write-interval: "${raw}" is not a number of milliseconds`,
      "Write a whole number, e.g. --write-interval 1000 (GitHub's guidance is at least 1000).",
    );
  }
  return ms;
}

/** --basis WEEKS of the commands that forecast (history, chart, dashboard, report --month). */
export function parseBasis(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 1 || n > 52) {
    throw new InputError(`--basis: "${raw}" is not a number of weeks from 1 to 52`, "For example --basis 4.");
  }
  return n;
}
