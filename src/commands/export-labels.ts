/**
 * `waku-pm export-labels`: turn the labels an organisation already has into a labels.yaml, the
 * first step for a team that has labels but no label file yet. With --repo, one repository's
 * labels; otherwise the union of every repository sync-labels would select, each label commented
 * with the repositories that lack it or differ. The file passes `lint`, and `sync-labels` with it
 * plans exactly what its comments say (nothing at all for an exported --repo).
 */
import type { Command } from "commander";
import type { Context } from "../context.js";
import { type ExitCode, InputError } from "../errors.js";
import { collectLabels, resolveOrg } from "../export/collect.js";
import { acceptedByLint, type LeftOut, renderExport } from "../export/document.js";
import { refuseExisting, writeNewFile } from "../export/output.js";
import { type ExportedLabel, unionLabels } from "../export/union.js";
import { sanitizeForTerminal } from "../render/style.js";
import type { CommandRunner } from "../runtime.js";

export interface ExportLabelsOptions {
  repo?: string;
  out?: string;
  force?: boolean;
}

const EXAMPLES = `
Examples:
  $ waku-pm export-labels --org waku-org > labels.yaml     the union of every repository's labels
  $ waku-pm export-labels --org waku-org --repo pm --out labels.yaml
  $ waku-pm export-labels --out labels.yaml --force        overwrite (org from ./labels.yaml)

The repositories read are those sync-labels would select (the config's repos.include/exclude when
there is a config; archived repositories and forks are left out). Labels are matched ignoring case;
where repositories disagree, the spelling, colour and description most of them use wins, and the
comment above the label names the repositories that lack it or differ. Check the result with
\`waku-pm lint --config FILE\` and preview it with \`waku-pm sync-labels --dry-run --config FILE\`.
`;

export function registerExportLabels(program: Command, runner: CommandRunner): void {
  program
    .command("export-labels")
    .description("write the organisation's labels (or one repository's) as a labels.yaml")
    .option("--repo <name>", "only this repository's labels (name or org/name)")
    .option("--out <file>", "write to FILE instead of stdout (refuses to overwrite without --force)")
    .option("--force", "with --out: overwrite an existing file")
    .addHelpText("after", EXAMPLES)
    .action(runner<ExportLabelsOptions>(runExportLabels));
}

export async function runExportLabels(ctx: Context, opts: ExportLabelsOptions): Promise<ExitCode> {
  if (opts.force && opts.out === undefined) {
    throw new InputError("--force only applies with --out", "Add --out FILE, or drop --force.");
  }
  if (opts.out !== undefined) refuseExisting(ctx.cwd, opts.out, opts.force === true);
  const target = resolveOrg(ctx, opts.repo, "export-labels");
  const collected = await collectLabels(ctx, target.org, target.repo, target.config?.repos);
  const labels = unionLabels(collected.repos, { preferRepo: target.config?.pmRepo ?? "pm" });
  const accepted = acceptedByLint(
    labels,
    (kept, leftOut) => renderExport(collected.org, collected.scope, collected.repos, kept, leftOut),
    opts.out ?? "<export>",
  );
  warnLeftOut(ctx, accepted.leftOut);

  if (ctx.globals.json) {
    const json = {
      version: 1,
      org: collected.org,
      repos: collected.repos.map((r) => r.repo),
      skipped: collected.scope.kind === "org" ? collected.scope.skipped : [],
      labels: accepted.labels.map(toJson),
      left_out: accepted.leftOut.map((l) => ({ ...toJson(l.label), reasons: l.reasons })),
    };
    ctx.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    // --json with --out: the file is still written, the JSON says what went into it.
  }
  if (opts.out !== undefined) {
    writeNewFile(ctx.cwd, opts.out, accepted.text, opts.force === true);
    const from =
      collected.scope.kind === "repo"
        ? `${collected.org}/${collected.scope.repo}`
        : `${collected.repos.length} repositories of ${collected.org}`;
    ctx.stderr.write(
      `wrote ${sanitizeForTerminal(opts.out)}: ${accepted.labels.length} labels from ${from}\n`,
    );
  } else if (!ctx.globals.json) {
    ctx.stdout.write(accepted.text);
  }
  return 0;
}

export function warnLeftOut(ctx: Context, leftOut: readonly LeftOut[]): void {
  for (const { label, reasons } of leftOut) {
    ctx.stderr.write(
      `waku-pm: warning: label ${sanitizeForTerminal(JSON.stringify(label.name))} left out: lint rejects it (${sanitizeForTerminal(reasons.join("; "))})\n`,
    );
  }
}

function toJson(label: ExportedLabel) {
  return {
    name: label.name,
    color: label.color,
    ...(label.description !== undefined ? { description: label.description } : {}),
    present: label.present,
    missing: label.missing,
    differs: label.differs,
  };
}
