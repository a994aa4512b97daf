/**
 * The pure core of `waku-pm init`: the text of a commented starter labels.yaml for an organisation
 * as it is on GitHub (its pm repository, the milestones there, the labels its repositories carry),
 * every key explained where it stands, so a lead can read the file top to bottom and adjust it.
 */

import { validateConfigText } from "../config/index.js";
import { MAPPING_KEYS } from "../config/schema.js";
import { type LeftOut, type Rendered, renderLabelsKey } from "../export/document.js";
import type { ExportedLabel, RepoLabels } from "../export/union.js";
import { commentLines, yamlScalar } from "../export/yaml.js";
import type { FoundMilestone } from "./milestones.js";
import { shortNames } from "./short-names.js";

export interface StarterInput {
  org: string;
  pmRepo: string;
  /** Whether pm_repo exists in the organisation (if not, the file says so). */
  pmFound: boolean;
  milestones: readonly FoundMilestone[];
  /** The repositories the labels were read from. */
  repos: readonly RepoLabels[];
  /** Repositories not read (archived, forks), for the comment on `repos:`. */
  skipped: readonly { repo: string; reason: string }[];
}

/** Whether this version's config schema knows `epics:` (docs/spec/time-and-hierarchy.md). */
const EPICS_KNOWN = MAPPING_KEYS.includes("epics");

/** A milestone title lint would refuse (control characters, say) is left out rather than fail the file. */
export function acceptableMilestones(milestones: readonly FoundMilestone[]): FoundMilestone[] {
  return milestones.filter(
    (m) =>
      m.title.trim() !== "" &&
      validateConfigText(`milestones:\n  m: ${yamlScalar(m.title)}\nlabels: []\n`, "<title>").errors
        .length === 0,
  );
}

function section(text: string): string[] {
  return ["", ...commentLines(text, "")];
}

export function renderStarter(
  input: StarterInput,
  labels: readonly ExportedLabel[],
  leftOut: readonly LeftOut[],
): Rendered {
  const { org, pmRepo } = input;
  const lines: string[] = [
    ...commentLines(
      `waku-pm configuration for the GitHub organisation ${org}, written by \`waku-pm init\` from what is on GitHub. ` +
        "Every key but `labels` is optional; each comment says what the key does and its default.",
      "",
    ),
    "# Check it:        waku-pm lint",
    "# Preview a sync:  waku-pm sync-labels --dry-run",
    "# Progress:        waku-pm status        (and waku-pm report for the weekly report)",
    ...section("The GitHub organisation every command reads (--org overrides it)."),
    `org: ${yamlScalar(org)}`,
    ...section(
      `The repository that holds the GitHub milestones and the epic issues (default pm).${input.pmFound ? "" : ` Not found in ${org}: create it, or write the name of the repository that holds them.`}`,
    ),
    `pm_repo: ${yamlScalar(pmRepo)}`,
    ...section(
      'Epic labels start with this (default "E:"): each epic issue carries one, and so does every task of the epic, in any repository.',
    ),
    'epic_prefix: "E:"',
  ];

  const epicsText =
    "How an epic finds its tasks. source: labels (the epic's label on each task, the default), sub-issues (the epic issue's GitHub sub-issues, to any depth) or both (check then reports every task that is in one and not the other). marker_label: the label that marks an epic issue in pm_repo (default epic).";
  if (EPICS_KNOWN) {
    lines.push(...section(epicsText), "epics:", "  source: labels", "  marker_label: epic");
  } else {
    lines.push(
      ...section(
        `${epicsText} This version of waku-pm reads epics from labels only, so the key stays commented out.`,
      ),
      "# epics:",
      "#   source: labels",
      "#   marker_label: epic",
    );
  }

  lines.push(
    ...section(
      'Which repositories sync-labels and check touch: names or globs such as "js-*" (default every repository). Archived repositories are never written to; forks only when include names them exactly.' +
        (input.skipped.length > 0
          ? ` Left alone today: ${input.skipped.map((s) => `${s.repo} (${s.reason})`).join(", ")}.`
          : ""),
    ),
    "repos:",
    '  include: ["*"]',
    "  exclude: []",
  );

  const milestones = [...input.milestones].sort(
    (a, b) => (a.state === b.state ? 0 : a.state === "open" ? -1 : 1) || a.number - b.number,
  );
  const names = shortNames(milestones, org);
  lines.push(
    ...section(
      milestones.length > 0
        ? `Short names for --milestone (waku-pm status --milestone ${names[0]}), each the title of a GitHub milestone of ${org}/${pmRepo}; change the names freely. --milestone also takes a number or any part of a title.`
        : `Short names for --milestone, each the title of a GitHub milestone of ${org}/${pmRepo}, e.g. gen0: Waku Network Gen 0. ${org}/${pmRepo} has no milestones yet.`,
    ),
  );
  if (milestones.length === 0) lines.push("# milestones:", "#   gen0: Waku Network Gen 0");
  else {
    lines.push("milestones:");
    milestones.forEach((m, i) => {
      const note = [`milestone ${m.number}`, m.state, ...(m.due ? [`due ${m.due}`] : [])].join(", ");
      lines.push(`  ${yamlScalar(names[i]!)}: ${yamlScalar(m.title)} # ${note}`);
    });
  }

  lines.push(
    ...section(
      "The GitHub logins expected to post a weekly update: the report's team checklist ticks who did. Left out until you write it (no one is flagged).",
    ),
    "# team: [login1, login2]",
    ...section(
      `The labels every repository should carry: the union of the labels of ${input.repos.length} ${input.repos.length === 1 ? "repository" : "repositories"} of ${org} today (as \`waku-pm export-labels\` writes them). A comment above a label names the repositories that lack it or differ: the first sync-labels creates or changes it there. Each label has a name (at most 50 characters, unique ignoring case), a color (6 hex digits) and an optional description (at most 100 characters; without one, sync leaves descriptions alone). To rename a label without losing it on issues, change its name and keep the old one in aliases: [old name].`,
    ),
  );
  const labelsKey = renderLabelsKey(labels, leftOut, input.repos, lines.length + 1);
  lines.push(...labelsKey.lines);
  return { text: `${lines.join("\n")}\n`, ranges: labelsKey.ranges };
}
