/**
 * `waku-pm init`: write a commented starter labels.yaml for an organisation from what it has on
 * GitHub: the org, the pm repository, the milestones there (with short names) and the labels its
 * repositories carry (as `export-labels` writes them). The file passes `lint` as written.
 */
import type { Command } from "commander";
import type { Context } from "../context.js";
import { type ExitCode, GitHubError } from "../errors.js";
import { collectLabels, resolveOrg } from "../export/collect.js";
import { acceptedByLint } from "../export/document.js";
import { refuseExisting, writeNewFile } from "../export/output.js";
import { unionLabels } from "../export/union.js";
import { FatalGitHubError } from "../github/client.js";
import { type FoundMilestone, listMilestones } from "../init/milestones.js";
import { acceptableMilestones, renderStarter } from "../init/starter.js";
import { sanitizeForTerminal } from "../render/style.js";
import type { CommandRunner } from "../runtime.js";
import { warnLeftOut } from "./export-labels.js";

export interface InitOptions {
  out?: string;
  force?: boolean;
  pmRepo: string;
}

const EXAMPLES = `
Examples:
  $ waku-pm init --org waku-org                   writes ./labels.yaml
  $ waku-pm init --org waku-org --pm-repo planning --out config/labels.yaml
  $ waku-pm init --org waku-org --force           replace an existing ./labels.yaml

Then: waku-pm lint, waku-pm sync-labels --dry-run, waku-pm status.
`;

export function registerInit(program: Command, runner: CommandRunner): void {
  program
    .command("init")
    .description("write a commented starter labels.yaml from the organisation's milestones and labels")
    .option("--out <file>", "where to write it (default: --config, else ./labels.yaml)")
    .option("--force", "overwrite an existing file")
    .option("--pm-repo <name>", "the repository holding the milestones and epic issues", "pm")
    .addHelpText("after", EXAMPLES)
    .action(runner<InitOptions>(runInit));
}

export async function runInit(ctx: Context, opts: InitOptions): Promise<ExitCode> {
  const out = opts.out ?? ctx.globals.config ?? "labels.yaml";
  refuseExisting(ctx.cwd, out, opts.force === true);
  const { org } = resolveOrg(ctx, undefined, "init");
  // Labels from every repository sync-labels would select by default: a starter has no selection yet.
  const collected = await collectLabels(ctx, org, undefined, undefined);
  const pm = collected.all.find((r) => r.name.toLowerCase() === opts.pmRepo.toLowerCase());
  const pmRepo = pm?.name ?? opts.pmRepo;
  let milestones: FoundMilestone[] = [];
  if (pm) {
    try {
      milestones = await listMilestones(ctx.github(), org, pm.name);
    } catch (error) {
      if (error instanceof FatalGitHubError || !(error instanceof GitHubError)) throw error;
      ctx.stderr.write(
        `waku-pm: warning: could not read the milestones of ${sanitizeForTerminal(`${org}/${pm.name}`)} (${sanitizeForTerminal(error.message)}); milestones: is left as an example\n`,
      );
    }
  } else {
    ctx.stderr.write(
      `waku-pm: warning: ${sanitizeForTerminal(org)} has no repository ${sanitizeForTerminal(opts.pmRepo)} to hold milestones and epics; pass --pm-repo NAME, or create it and edit pm_repo\n`,
    );
  }
  const acceptable = acceptableMilestones(milestones);
  for (const m of milestones.filter((m) => !acceptable.includes(m))) {
    ctx.stderr.write(
      `waku-pm: warning: milestone ${m.number} left out of milestones: its title is not one lint accepts\n`,
    );
  }

  const input = {
    org,
    pmRepo,
    pmFound: pm !== undefined,
    milestones: acceptable,
    repos: collected.repos,
    skipped: collected.scope.kind === "org" ? collected.scope.skipped : [],
  };
  const labels = unionLabels(collected.repos, { preferRepo: pmRepo });
  const accepted = acceptedByLint(labels, (kept, leftOut) => renderStarter(input, kept, leftOut), out);
  warnLeftOut(ctx, accepted.leftOut);
  writeNewFile(ctx.cwd, out, accepted.text, opts.force === true);
  ctx.stderr.write(
    `wrote ${sanitizeForTerminal(out)}: ${sanitizeForTerminal(org)}, pm_repo ${sanitizeForTerminal(pmRepo)}, ` +
      `${acceptable.length} milestone${acceptable.length === 1 ? "" : "s"}, ${accepted.labels.length} labels from ${collected.repos.length} repositories\n` +
      `  next: waku-pm lint${out === "labels.yaml" ? "" : ` --config ${sanitizeForTerminal(out)}`}, then waku-pm sync-labels --dry-run\n`,
  );
  return 0;
}
