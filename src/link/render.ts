/**
 * What `link-tasks` prints: the plan (or what became of it) as a table, the refusals with their
 * rule, a one-line summary; or the same as JSON. Pure: the result in, text out. Every text from
 * GitHub (titles, labels, messages) goes through the table's or `forTerminal`'s escaping.
 */
import type { TableOutput } from "../render/table.js";
import { renderTable } from "../render/table.js";
import { forTerminal } from "../text/safety.js";
import type { ActionResult, LinkResult } from "./apply.js";

export interface LinkScope {
  org: string;
  /** "org/pm". */
  pmRepo: string;
  milestones: { number: number; title: string }[];
  epics: number;
}

/** `nwaku#12` inside the organisation, `other/tool#3` outside it. */
function shortRef(repo: string, number: number, org: string): string {
  const prefix = `${org.toLowerCase()}/`;
  return `${repo.toLowerCase().startsWith(prefix) ? repo.slice(prefix.length) : repo}#${number}`;
}

function statusText(a: ActionResult, dryRun: boolean): string {
  if (a.status === "planned") return dryRun ? "planned" : `not done${a.error ? `: ${a.error}` : ""}`;
  if (a.status === "applied") return "done";
  return `${a.status}: ${a.error ?? ""}`;
}

function detail(a: ActionResult, pmName: string): string {
  return a.action === "link"
    ? `labelled ${a.label}: becomes a sub-issue of ${pmName}#${a.epic.number}`
    : `sub-issue of ${pmName}#${a.epic.number}: gets the label ${a.label}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function renderLinkText(result: LinkResult, scope: LinkScope, output: TableOutput): string {
  const pmName = scope.pmRepo.slice(scope.pmRepo.indexOf("/") + 1);
  const where =
    scope.milestones.length === 1
      ? `milestone ${scope.milestones[0]?.number} "${forTerminal(scope.milestones[0]?.title ?? "")}"`
      : `${plural(scope.milestones.length, "open milestone")}`;
  const lines: string[] = [`${scope.pmRepo}, ${where}: ${plural(scope.epics, "epic")}`, ""];
  if (result.actions.length > 0) {
    lines.push(
      renderTable(
        {
          head: ["action", "task", "title", "detail", "status"],
          rows: result.actions.map((a) => [
            { text: a.action, tone: "cyan" },
            shortRef(a.task.repo, a.task.number, scope.org),
            a.task.title,
            detail(a, pmName),
            {
              text: statusText(a, result.dryRun),
              ...(a.status === "failed"
                ? { tone: "red" as const }
                : a.status === "refused"
                  ? { tone: "yellow" as const }
                  : a.status === "applied"
                    ? { tone: "green" as const }
                    : {}),
            },
          ]),
          fit: [undefined, "late", "wrap", "wrap", "wrap"],
        },
        output,
      ).trimEnd(),
    );
  } else {
    lines.push("Nothing to link or label: the labels and the sub-issues agree.");
  }
  if (result.refused.length > 0) {
    lines.push("", "Not possible (GitHub's rules, or a fix waku-pm will not guess); left as they are:");
    for (const r of result.refused) lines.push(`  ${forTerminal(r.message)}`);
  }
  lines.push("", summaryLine(result));
  return `${lines.join("\n")}\n`;
}

export function summaryLine(result: LinkResult): string {
  const count = (action: "link" | "label", status: ActionResult["status"]) =>
    result.actions.filter((a) => a.action === action && a.status === status).length;
  const refusedNow = result.actions.filter((a) => a.status === "refused").length;
  const notPossible = result.refused.length + refusedNow;
  const tail = notPossible > 0 ? `; ${notPossible} not possible (listed above)` : "";
  if (result.dryRun) {
    const links = count("link", "planned");
    const labels = count("label", "planned");
    if (links + labels === 0) return `nothing to do${tail}`;
    return `${plural(links, "link")} and ${plural(labels, "label")} planned${tail}; nothing was written (--dry-run)`;
  }
  const failed = result.actions.filter((a) => a.status === "failed").length;
  const left = result.actions.filter((a) => a.status === "planned").length;
  const parts = [
    `${plural(count("link", "applied"), "task")} linked`,
    `${plural(count("label", "applied"), "task")} labelled`,
  ];
  if (failed > 0) parts.push(`${failed} failed`);
  if (left > 0) parts.push(`${left} not attempted`);
  return `${parts.join(", ")}${tail}`;
}

export function linkResultJson(result: LinkResult, scope: LinkScope, warnings: readonly string[]) {
  const task = (t: { repo: string; number: number; url: string; title: string }) => ({
    repo: t.repo,
    number: t.number,
    url: t.url,
    title: t.title,
  });
  return {
    version: 1,
    org: scope.org,
    pm_repo: scope.pmRepo,
    dry_run: result.dryRun,
    milestones: scope.milestones.map((m) => ({ number: m.number, title: m.title })),
    actions: result.actions.map((a) => ({
      action: a.action,
      epic: a.epic.number,
      label: a.label,
      task: task(a.task),
      status: a.status,
      ...(a.rule ? { rule: a.rule } : {}),
      ...(a.error ? { error: a.error } : {}),
    })),
    refused: result.refused.map((r) => ({
      rule: r.rule,
      side: r.side,
      epics: r.epics.map((e) => e.number),
      task: task(r.task),
      message: r.message,
    })),
    summary: {
      links: result.actions.filter((a) => a.action === "link").length,
      labels: result.actions.filter((a) => a.action === "label").length,
      applied: result.actions.filter((a) => a.status === "applied").length,
      failed: result.actions.filter((a) => a.status === "failed").length,
      refused: result.refused.length + result.actions.filter((a) => a.status === "refused").length,
    },
    interrupted: result.interrupted,
    warnings: [...warnings],
  };
}
