/**
 * The report as markdown, in the shape the Waku lead published every Monday (docs/spec/data-model.md):
 *
 *   # 2023-11-27 Waku weekly
 *   ## [Milestone](tracking issue url) - due date      ← update on the tracking issue below
 *   ### [Epic](epic url)                               ← only epics with updates
 *   **[repo] [Task](task url)**                        ← then the update's lines
 *   ## Epics without a milestone
 *   ## Other Work / ### Enhancements, Bugs, Documentation, Chores, Other
 *   ## Team                                            ← - [x] @posted, - [ ] @silent
 *
 * The date is the day of --until (UTC). The name is the org's with a trailing "-org" dropped and the
 * first letter capitalised: waku-org → "Waku", acme → "Acme".
 * When an issue has several updates in the window, each is introduced by `_@author, date:_` so the
 * reader can tell them apart; a single update is printed bare, as in the original reports.
 */
import { markdownLink } from "../render/markdown.js";
import { forMarkdownInline, forMarkdownLines } from "../text/safety.js";
import type { EpicSection, Report, TaskEntry, Update } from "./model.js";

export function renderReportMarkdown(report: Report): string {
  const blocks: string[] = [`# ${report.until.slice(0, 10)} ${displayName(report.org)} weekly`];

  for (const milestone of report.milestones) {
    const url = milestone.trackingIssue?.url ?? milestone.url;
    const due = milestone.dueOn ? ` - ${milestone.dueOn.slice(0, 10)}` : "";
    const closed = milestone.state === "closed" ? " (closed)" : "";
    blocks.push(
      [
        `## ${markdownLink(milestone.title, url)}${due}${closed}`,
        // Said in the report too, not only in a warning: the reader should see the gap.
        ...(milestone.updates.length === 0 && milestone.state === "open"
          ? ["_No weekly update on the tracking issue in this window._"]
          : renderUpdates(milestone.updates)),
      ].join("\n"),
    );
    for (const epic of milestone.epics) blocks.push(...renderEpic(epic));
  }

  if (report.orphanEpics.length > 0) {
    blocks.push("## Epics without a milestone");
    for (const epic of report.orphanEpics) blocks.push(...renderEpic(epic));
  }

  if (report.other.length > 0) {
    blocks.push("## Other Work");
    for (const section of report.other) {
      blocks.push(`### ${section.title}`);
      for (const task of section.tasks) blocks.push(renderTask(task));
    }
  }

  if (report.team.length > 0) {
    blocks.push(
      [
        "## Team",
        ...report.team.map((m) => {
          const note = m.onPullRequestsOnly
            ? ` (posted on a pull request only, not counted: ${m.onPullRequestsOnly.map(forMarkdownInline).join(", ")})`
            : "";
          return `- [${m.posted ? "x" : " "}] @${m.login}${note}`;
        }),
      ].join("\n"),
    );
  }
  return `${blocks.join("\n\n")}\n`;
}

function renderEpic(epic: EpicSection): string[] {
  const head = [`### ${markdownLink(epic.title, epic.url)}`, ...renderUpdates(epic.updates)].join("\n");
  return [head, ...epic.tasks.map(renderTask)];
}

function renderTask(task: TaskEntry): string {
  return [
    `**[${forMarkdownInline(task.repo)}] ${markdownLink(task.title, task.url)}**`,
    ...renderUpdates(task.updates),
  ].join("\n");
}

function renderUpdates(updates: Update[]): string[] {
  if (updates.length === 1) return forMarkdownLines(updates[0]?.lines ?? []);
  // Blank lines keep each byline its own paragraph: not glued to the title line above it, nor to
  // the previous update's last list item.
  return updates.flatMap((u) => [
    "",
    `_@${forMarkdownInline(u.author)}, ${u.createdAt.slice(0, 10)}:_`,
    ...forMarkdownLines(u.lines),
  ]);
}

/** waku-org → Waku: the team's name, not the org's slug. */
export function displayName(org: string): string {
  const name = org.replace(/-org$/i, "");
  return name.charAt(0).toUpperCase() + name.slice(1);
}
