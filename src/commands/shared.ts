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
