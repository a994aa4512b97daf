/**
 * The labels.yaml text `export-labels` writes (and the `labels:` part of `init`'s), and the promise
 * that `waku-pm lint` accepts it: the text is validated with lint's own validator before it is
 * written, and a label lint would reject (GitHub held labels it no longer accepts: names made only
 * of emoji, over-long names from before the limits) is left out and named, rather than written into
 * a file that fails its first lint.
 */

import type { Problem } from "../config/index.js";
import { validateConfigText } from "../config/index.js";
import type { ExportedLabel, RepoLabels } from "./union.js";
import { commentLines, renderLabelEntries, yamlScalar } from "./yaml.js";

export interface LeftOut {
  label: ExportedLabel;
  /** Lint's messages about it. */
  reasons: string[];
}

export interface Rendered {
  text: string;
  /** Each label's lines in `text`, 1-based and inclusive, to tie lint's problems back to it. */
  ranges: { label: ExportedLabel; first: number; last: number }[];
}

export interface Accepted {
  text: string;
  labels: ExportedLabel[];
  leftOut: LeftOut[];
  /** Lint's warnings about the written text (lint still exits 0 with them). */
  warnings: Problem[];
}

/**
 * Renders `labels` and validates the text as `lint` would; labels lint rejects are dropped (and
 * handed to the next render as `leftOut`, so the file can say so) and the rest rendered again.
 */
export function acceptedByLint(
  labels: readonly ExportedLabel[],
  render: (labels: readonly ExportedLabel[], leftOut: readonly LeftOut[]) => Rendered,
  file: string,
): Accepted {
  let kept = [...labels];
  const leftOut: LeftOut[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    const rendered = render(kept, leftOut);
    const result = validateConfigText(rendered.text, file);
    if (result.errors.length === 0) {
      return { text: rendered.text, labels: kept, leftOut, warnings: result.warnings };
    }
    const reasons = new Map<ExportedLabel, string[]>();
    for (const problem of result.errors) {
      const owner = rendered.ranges.find((r) => problem.line >= r.first && problem.line <= r.last);
      if (!owner || attempt > 0) {
        // Not one label's fault: the renderer itself is wrong. Say so rather than write a bad file.
        throw new Error(`the exported file fails lint at line ${problem.line}: ${problem.message}`);
      }
      reasons.set(owner.label, [...(reasons.get(owner.label) ?? []), problem.message]);
    }
    for (const [label, messages] of reasons) leftOut.push({ label, reasons: messages });
    kept = kept.filter((label) => !reasons.has(label));
  }
  throw new Error("the exported file still fails lint after leaving out the labels it rejects");
}

/** Renders the `labels:` key (at the root, indent 2), the lines of the comment on left-out labels first. */
export function renderLabelsKey(
  labels: readonly ExportedLabel[],
  leftOut: readonly LeftOut[],
  repos: readonly RepoLabels[],
  firstLine: number,
): { lines: string[]; ranges: Rendered["ranges"] } {
  const lines: string[] = [];
  for (const { label, reasons } of leftOut) {
    lines.push(
      ...commentLines(
        `Left out: ${JSON.stringify(label.name)} (color ${label.color}), which lint rejects: ${reasons.join("; ")}. Rename it on GitHub, or add it here in a form lint accepts.`,
        "",
      ),
    );
  }
  lines.push(labels.length === 0 ? "labels: []" : "labels:");
  const carriers = (label: ExportedLabel) => {
    const missing = new Set(label.missing);
    return repos.map((r) => r.repo).filter((name) => !missing.has(name));
  };
  const block = renderLabelEntries(labels, { indent: "  ", total: repos.length, carriers });
  const offset = firstLine + lines.length;
  lines.push(...block.lines);
  return {
    lines,
    ranges: block.ranges.map((r) => ({ label: r.label, first: offset + r.first, last: offset + r.last })),
  };
}

/** How to try the file; kept whole on their own lines (wrapping would split the commands). */
export const CHECK_IT = [
  "# Check it:        waku-pm lint --config FILE",
  "# Preview a sync:  waku-pm sync-labels --dry-run --config FILE",
];

export type ExportScope =
  | { kind: "org"; skipped: readonly { repo: string; reason: string }[] }
  | { kind: "repo"; repo: string };

/** The whole export file: a header saying where it came from, `org:` and `labels:`. */
export function renderExport(
  org: string,
  scope: ExportScope,
  repos: readonly RepoLabels[],
  labels: readonly ExportedLabel[],
  leftOut: readonly LeftOut[],
): Rendered {
  const count = `${labels.length} label${labels.length === 1 ? "" : "s"}`;
  const header: string[] =
    scope.kind === "repo"
      ? commentLines(
          `The labels of ${org}/${scope.repo} (${count}), exported by \`waku-pm export-labels --repo ${scope.repo}\`. ` +
            `With this file \`waku-pm sync-labels --repo ${scope.repo}\` finds nothing to change; without --repo, sync-labels makes every repository carry these labels as ${scope.repo} has them.`,
          "",
        )
      : [
          ...commentLines(
            `The labels of the GitHub organisation ${org}, exported by \`waku-pm export-labels\`: the union of the labels of its ${repos.length} ${repos.length === 1 ? "repository" : "repositories"} (${count}; names matched ignoring case; where repositories disagree, the spelling, colour and description most of them use). ` +
              "The comment above a label names the repositories that lack it or have it otherwise: those are where `waku-pm sync-labels` would create or change it.",
            "",
          ),
          ...(scope.skipped.length > 0
            ? commentLines(
                `Not read (sync-labels never writes to them): ${scope.skipped.map((s) => `${s.repo} (${s.reason})`).join(", ")}.`,
                "",
              )
            : []),
        ];
  const lines = [...header, ...CHECK_IT, `org: ${yamlScalar(org)}`];
  const labelsKey = renderLabelsKey(labels, leftOut, repos, lines.length + 1);
  lines.push(...labelsKey.lines);
  return { text: `${lines.join("\n")}\n`, ranges: labelsKey.ranges };
}
