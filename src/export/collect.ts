/**
 * What `export-labels` and `init` read from GitHub, through the reading phase sync-labels and check
 * share (`readOrgLabels`), so an export sees exactly the labels a sync would plan against: one
 * GraphQL document per 100 repositories, REST only for a repository with more than 100 labels.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type Config, inspectConfig } from "../config/index.js";
import type { Context } from "../context.js";
import { InputError } from "../errors.js";
import type { Repo } from "../github/repos.js";
import { sanitizeForTerminal } from "../render/style.js";
import { readOrgLabels } from "../sync/read.js";
import { selectRepositories } from "../sync/select.js";
import type { ExportScope } from "./document.js";
import type { RepoLabels } from "./union.js";

export interface Collected {
  org: string;
  scope: ExportScope;
  /** The repositories read, in name order, with their labels. */
  repos: RepoLabels[];
  /** Every repository of the organisation (for init's comments). */
  all: Repo[];
}

/**
 * The config, when there is one and it is valid: its org, its repository selection and its pm
 * repository are the defaults. Export and init exist to write a config, so a missing one is normal;
 * a broken one is only worth a warning when --org makes it unnecessary.
 */
export function optionalConfig(ctx: Context): { config?: Config; problem?: string } {
  // `init --config FILE` names the file to write: not there yet, so no defaults from it.
  if (ctx.globals.config !== undefined && !existsSync(resolve(ctx.cwd, ctx.globals.config))) return {};
  let inspection: ReturnType<typeof inspectConfig>;
  try {
    inspection = inspectConfig(ctx);
  } catch (error) {
    // No file at all (or an unreadable one): nothing to take defaults from.
    if (error instanceof InputError && ctx.globals.config === undefined) return {};
    throw error;
  }
  if (inspection.config) return { config: inspection.config };
  const n = inspection.errors.length;
  return { problem: `${inspection.file} is not valid (${n} problem${n === 1 ? "" : "s"}; run waku-pm lint)` };
}

/**
 * The organisation to read: `--repo org/name` names it, else --org, else the config's `org`. A config
 * that is there but broken only loses its defaults (org, repos, pm_repo), with a warning.
 */
export function resolveOrg(
  ctx: Context,
  repo: string | undefined,
  what: string,
): { org: string; repo?: string; config?: Config } {
  const slash = repo?.indexOf("/") ?? -1;
  const repoOrg = repo !== undefined && slash > 0 ? repo.slice(0, slash) : undefined;
  const repoName = repo !== undefined && slash > 0 ? repo.slice(slash + 1) : repo;
  const { config, problem } = optionalConfig(ctx);
  if (problem)
    ctx.stderr.write(
      `waku-pm: warning: ${sanitizeForTerminal(problem)}; its org, repos and pm_repo are not used\n`,
    );
  if (repoOrg && ctx.globals.org && repoOrg.toLowerCase() !== ctx.globals.org.toLowerCase()) {
    throw new InputError(
      `--repo ${repo} is in ${repoOrg}, but --org says ${ctx.globals.org}`,
      "Give the repository without its owner, or drop --org.",
    );
  }
  const org = repoOrg ?? ctx.globals.org ?? config?.org;
  if (!org) {
    throw new InputError(
      `${what}: no organisation to read`,
      "Pass --org ORG (or run it where a valid labels.yaml with `org:` is).",
    );
  }
  return { org, ...(repoName !== undefined ? { repo: repoName } : {}), ...(config ? { config } : {}) };
}

/**
 * One repository's labels (`repo` given; archived or fork, it was asked for by name), or those of
 * every repository sync-labels would select: the config's include/exclude, archived ones and forks
 * left out and listed as skipped.
 */
export async function collectLabels(
  ctx: Context,
  org: string,
  repo: string | undefined,
  patterns: Config["repos"] | undefined,
): Promise<Collected> {
  const client = ctx.github();
  const reader = await readOrgLabels(client, org);
  for (const warning of reader.warnings)
    ctx.stderr.write(`waku-pm: warning: ${sanitizeForTerminal(warning)}\n`);
  const selection = selectRepositories(
    reader.repos,
    patterns ?? { include: ["*"], exclude: [] },
    repo !== undefined ? [repo] : [],
    org,
  );
  if (repo !== undefined) {
    // selectRepositories has named an unknown repository already; this one exists.
    const found = reader.repos.find((r) => r.name.toLowerCase() === repo.toLowerCase())!;
    return {
      org,
      scope: { kind: "repo", repo: found.name },
      repos: [{ repo: found.name, labels: await reader.labelsOf(found.name) }],
      all: reader.repos,
    };
  }
  if (selection.selected.length === 0) {
    throw new InputError(
      `${org} has no repository to read labels from${selection.skipped.length > 0 ? ` (skipped: ${selection.skipped.map((s) => `${s.repo.name} (${s.reason})`).join(", ")})` : ""}`,
      "Check the organisation name and that the token can read its repositories, or name one with --repo.",
    );
  }
  const repos: RepoLabels[] = [];
  for (const r of selection.selected) repos.push({ repo: r.name, labels: await reader.labelsOf(r.name) });
  return {
    org,
    scope: {
      kind: "org",
      skipped: selection.skipped
        .filter((s) => s.reason !== "excluded")
        .map((s) => ({ repo: s.repo.name, reason: s.reason })),
    },
    repos,
    all: reader.repos,
  };
}
