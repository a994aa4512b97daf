/**
 * How a sync looks: per repository a table of what changes (destructive actions stand out), a
 * summary across repositories, and the `--json` object of docs/spec/cli.md. Pure: returns strings and
 * plain objects; the command writes them.
 */
import { styleFor } from "../render/style.js";
import { type Cell, type Fit, renderTable, type TableOutput, type Tone } from "../render/table.js";
import { forTerminal } from "../text/safety.js";
import type { ChangeResult } from "./apply.js";
import type { ChangeAction, LabelChange } from "./plan.js";
import type { RepoReport, SyncResult } from "./run.js";

export type { RepoReport } from "./run.js";

/** What the renderers need of an output: TTY or not, colour, and (to fit tables) its width. */
export type RenderTarget = TableOutput;

export const ACTIONS: readonly ChangeAction[] = [
  "create",
  "update",
  "rename",
  "merge",
  "delete",
  "keep-in-use",
];

export type SyncSummary = Record<ChangeAction | "failed", number>;

const TONES: Record<ChangeAction, Tone | undefined> = {
  create: "green",
  update: undefined,
  rename: "cyan",
  merge: "red",
  delete: "red",
  "keep-in-use": "yellow",
};

/**
 * True when a repository's plan changes something (keep-in-use alone does not); after a real run,
 * when something was actually applied.
 */
export function repoChanges(report: RepoReport, dryRun: boolean): boolean {
  return report.results.some((r) => r.change.action !== "keep-in-use" && (dryRun || r.status === "applied"));
}

/**
 * Counts per action over every repository: in a dry run what is planned, after a real run what was
 * applied. `failed` counts failed changes, plus repositories that failed before any change could be
 * tried (their labels could not be read).
 */
export function summariseSync(reports: readonly RepoReport[], dryRun: boolean): SyncSummary {
  const summary: SyncSummary = {
    create: 0,
    update: 0,
    rename: 0,
    merge: 0,
    delete: 0,
    "keep-in-use": 0,
    failed: 0,
  };
  for (const report of reports) {
    for (const result of report.results) {
      if (dryRun || result.status === "applied") summary[result.change.action]++;
      if (result.status === "failed") summary.failed++;
    }
    if (report.status === "failed" && !report.results.some((r) => r.status === "failed")) summary.failed++;
  }
  return summary;
}

/** After a real run: changes neither applied nor failed, because the run was interrupted or stopped. */
function countNotDone(reports: readonly RepoReport[]): number {
  return reports.reduce((n, r) => n + r.results.filter((x) => x.status === "planned").length, 0);
}

/** One change as `--json` shows it (sync-labels and check alike). */
export function jsonChange(result: ChangeResult): Record<string, unknown> {
  const c = result.change;
  const out: Record<string, unknown> = { action: c.action, name: c.name };
  if (c.action === "rename" || c.action === "merge") out.from = c.from;
  if (c.action === "create" || c.action === "update" || c.action === "rename") {
    out.color = c.color;
    if (c.description !== undefined) out.description = c.description;
  }
  out.status = result.status;
  if (result.error !== undefined) out.error = result.error;
  return out;
}

/** The object `--json` prints for a sync's result. */
export function syncResultJson(result: SyncResult): Record<string, unknown> {
  return buildSyncJson(result.org, result.dryRun, result.repos);
}

/** The object `--json` prints (docs/spec/cli.md, sync-labels). */
export function buildSyncJson(
  org: string,
  dryRun: boolean,
  reports: readonly RepoReport[],
): Record<string, unknown> {
  return {
    version: 1,
    org,
    dry_run: dryRun,
    repos: reports.map((r) => {
      const out: Record<string, unknown> = { repo: r.repo, status: r.status };
      if (r.error !== undefined) out.error = r.error;
      out.changes = r.results.map(jsonChange);
      return out;
    }),
    summary: summariseSync(reports, dryRun),
  };
}

function quote(text: string): string {
  return `"${text}"`;
}

function describeFields(fields: {
  color?: { from: string; to: string };
  description?: { from: string; to: string };
}) {
  const parts: string[] = [];
  if (fields.color) parts.push(`color ${fields.color.from} → ${fields.color.to}`);
  if (fields.description)
    parts.push(`description ${quote(fields.description.from)} → ${quote(fields.description.to)}`);
  return parts.join("; ");
}

function carriedBy(issues: number): string {
  if (issues < 0) return "usage unknown";
  return issues === 1 ? "carried by 1 issue" : `carried by ${issues} issues`;
}

function describeChange(result: ChangeResult): { label: string; detail: string } {
  const c: LabelChange = result.change;
  switch (c.action) {
    case "create":
      return {
        label: c.name,
        detail: [`color ${c.color}`, c.description !== undefined ? quote(c.description) : ""]
          .filter(Boolean)
          .join(", "),
      };
    case "update":
      return { label: c.name, detail: describeFields(c.fields) };
    case "rename": {
      const fields = describeFields(c.fields);
      const why = c.reason === "case" ? "case only" : "from alias";
      return { label: `${c.from} → ${c.name}`, detail: [why, fields].filter(Boolean).join("; ") };
    }
    case "merge": {
      const done = result.relabelled !== undefined ? ` (${result.relabelled} relabelled)` : "";
      return {
        label: `${c.from} → ${c.name}`,
        detail: `its issues and pull requests get ${quote(c.name)}${done}, then ${quote(c.from)} is deleted`,
      };
    }
    case "delete":
      return {
        label: c.name,
        detail:
          c.issues > 0
            ? `--force: removed from the issues (${carriedBy(c.issues)})`
            : "not in the config, unused",
      };
    case "keep-in-use":
      return {
        label: c.name,
        detail: `not in the config but ${carriedBy(c.issues)}: kept (--force deletes it)`,
      };
  }
}

/**
 * One repository: a heading line, then its changes (or why it failed). Repositories in sync or
 * skipped print nothing here; the summary counts them.
 */
export function renderRepo(report: RepoReport, output: RenderTarget, withStatus: boolean): string {
  const style = styleFor(output);
  const name = forTerminal(report.repo);
  if (report.status === "skipped" || (report.status === "ok" && report.results.length === 0)) return "";
  let text = "";
  if (report.status === "failed" && report.error !== undefined) {
    text += `${style.bold(name)}: ${style.red(`failed: ${forTerminal(report.error)}`)}\n`;
  } else {
    text += `${style.bold(name)}: ${countChanges(report.results)}\n`;
  }
  if (report.results.length === 0) return `${text}\n`;
  const head = withStatus ? ["action", "label", "details", "status"] : ["action", "label", "details"];
  const rows = report.results.map((result) => {
    const { label, detail } = describeChange(result);
    const tone = TONES[result.change.action];
    const action: Cell = tone ? { text: result.change.action, tone } : { text: result.change.action };
    const row: (string | Cell)[] = [action, label, detail];
    if (withStatus) {
      const status = result.error !== undefined ? `${result.status}: ${result.error}` : result.status;
      row.push({
        text: status,
        tone: result.status === "failed" ? "red" : result.status === "applied" ? "green" : "dim",
      });
    }
    return row;
  });
  // A blank line after each repository keeps the blocks apart. On a narrow terminal details and
  // statuses wrap first, then label names; the action never gives way.
  const fit: (Fit | undefined)[] = [undefined, "late", "wrap", "wrap"];
  return `${text}${renderTable({ head, rows, fit }, output)}\n`;
}

/**
 * `1 change`, `3 changes`; when nothing but labels in use would stay, `no change; 1 label outside
 * the config kept (in use)`: never "0 changes" above a row.
 */
export function countChanges(results: readonly ChangeResult[]): string {
  const kept = results.filter((r) => r.change.action === "keep-in-use").length;
  const n = results.length - kept;
  if (n === 1) return "1 change";
  if (n > 0) return `${n} changes`;
  return `no change; ${kept === 1 ? "1 label" : `${kept} labels`} outside the config kept (in use)`;
}

/**
 * `18 repositories: 3 changed, 14 in sync, 1 skipped (archived)` and a line of counts per action.
 */
export function renderSummary(reports: readonly RepoReport[], output: RenderTarget, dryRun: boolean): string {
  const style = styleFor(output);
  const skipped = reports.filter((r) => r.status === "skipped");
  const failed = reports.filter((r) => r.status === "failed");
  const changed = reports.filter((r) => r.status === "ok" && repoChanges(r, dryRun));
  const inSync = reports.filter(
    (r) => r.status === "ok" && r.results.every((x) => x.change.action === "keep-in-use"),
  );
  const parts = [`${changed.length} ${dryRun ? "would change" : "changed"}`, `${inSync.length} in sync`];
  if (skipped.length > 0) {
    const reasons = new Map<string, number>();
    for (const r of skipped)
      reasons.set(r.skipReason ?? "skipped", (reasons.get(r.skipReason ?? "skipped") ?? 0) + 1);
    const detail =
      reasons.size === 1
        ? [...reasons.keys()].join("")
        : [...reasons.entries()].map(([reason, n]) => `${n} ${reason}`).join(", ");
    parts.push(`${skipped.length} skipped (${detail})`);
  }
  if (failed.length > 0) parts.push(style.red(`${failed.length} failed`));
  const pending = reports.length - skipped.length - failed.length - changed.length - inSync.length;
  if (pending > 0) parts.push(style.yellow(`${pending} not reached`));
  const count = reports.length === 1 ? "1 repository" : `${reports.length} repositories`;
  let text = `${count}: ${parts.join(", ")}\n`;

  const summary = summariseSync(reports, dryRun);
  const counts = ACTIONS.filter((a) => summary[a] > 0).map((a) => {
    const item = `${summary[a]} ${a}`;
    const tone = TONES[a];
    return a === "delete" || a === "merge" || a === "keep-in-use" ? style[tone ?? "bold"](item) : item;
  });
  if (summary.failed > 0) counts.push(style.red(`${summary.failed} failed`));
  const notDone = dryRun ? 0 : countNotDone(reports);
  if (notDone > 0) counts.push(style.yellow(`${notDone} not done (re-run to finish)`));
  if (counts.length > 0) text += `${dryRun ? "planned" : "changes"}: ${counts.join(", ")}\n`;
  return text;
}
