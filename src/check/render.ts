/**
 * Renderers for a CheckReport: the readable report (stdout), the `--json` document, GitHub Actions
 * annotations and the job-summary markdown. Pure: strings in, strings out.
 */
import type { LabelSpec, Problem } from "../config/index.js";
import { type AnnotationLevel, formatAnnotation } from "../render/annotations.js";
import { markdownCode, markdownLink, markdownTable } from "../render/markdown.js";
import type { Style } from "../render/style.js";
import type { FieldChanges, LabelChange } from "../sync/plan.js";
import { jsonChange } from "../sync/render.js";
import { forAnnotationData, forAnnotationProperty, forMarkdownInline, forTerminal } from "../text/safety.js";
import type { RepoDrift } from "./drift.js";
import { type CheckReport, countFindings, exitCodeOf, warningMessages } from "./report.js";

// ---------------------------------------------------------------------------------------------
// Changes in words

function describeFields(fields: FieldChanges): string[] {
  const parts: string[] = [];
  if (fields.color) parts.push(`colour ${fields.color.from}, config says ${fields.color.to}`);
  if (fields.description) {
    parts.push(`description "${fields.description.from}", config says "${fields.description.to}"`);
  }
  return parts;
}

/** One change as a short phrase, from the repository's point of view. */
export function describeChange(change: LabelChange): string {
  switch (change.action) {
    case "create":
      return "missing";
    case "update":
      return describeFields(change.fields).join("; ");
    case "rename": {
      const named =
        change.reason === "case"
          ? `named "${change.from}", differing only in case`
          : `still under its old name "${change.from}"`;
      return [named, ...describeFields(change.fields)].join("; ");
    }
    case "merge":
      return `also present under its old name "${change.from}": its issues would move to "${change.name}"`;
    case "delete":
      return "not in the config";
    case "keep-in-use":
      return `not in the config, carried by ${change.issues} issues`;
  }
}

/**
 * The drift entries of `--json`: per repository that drifted or could not be read, its changes as
 * the change objects of `sync-labels --json` (status "planned": check never writes).
 */
function toJsonDrift(repos: readonly RepoDrift[]): unknown[] {
  return repos.map((r) => ({
    repo: r.repo,
    status: r.status,
    ...(r.status === "failed" ? { error: r.error } : {}),
    changes: r.changes.map((change) => jsonChange({ change, status: "planned" })),
  }));
}

// ---------------------------------------------------------------------------------------------
// Verdict

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** The one-line verdict every output ends with. */
export function verdict(report: CheckReport): string {
  const code = exitCodeOf(report);
  const counts = countFindings(report);
  const warned = counts.warnings > 0 ? `; ${plural(counts.warnings, "warning")}` : "";
  if (code === 2) {
    return `${report.configFile} is not valid (${plural(report.configProblems.length, "problem")}): nothing was checked on GitHub`;
  }
  const found: string[] = [];
  if (counts.drifted > 0) found.push(`${plural(counts.drifted, "repository", "repositories")} drifted`);
  if (counts.epicProblems > 0) found.push(plural(counts.epicProblems, "epic problem"));
  if (counts.taskProblems > 0) found.push(plural(counts.taskProblems, "task problem"));
  if (counts.failedRepos > 0) {
    found.push(`${plural(counts.failedRepos, "repository", "repositories")} could not be read`);
  }
  for (const f of report.failures) found.push(`${f.scope} could not be checked`);
  if (code === 0) {
    const checked = report.drift?.repos.length ?? 0;
    return `consistent: ${plural(checked, "repository", "repositories")} ${checked === 1 ? "matches" : "match"} ${report.configFile}, ${plural(report.epicCount, "epic")} tracked${warned}`;
  }
  return `${code === 3 ? "incomplete" : "inconsistent"}: ${found.join(", ")}${warned}`;
}

// ---------------------------------------------------------------------------------------------
// Readable report

export function renderText(report: CheckReport, style: Style): string {
  const t = forTerminal;
  const lines: string[] = [];
  const org = report.org ? ` ${report.org}` : "";
  lines.push(style.bold(`waku-pm check${org}`) + style.dim(` (${report.configFile})`));

  if (report.configProblems.length > 0) {
    lines.push("", style.bold(`Config: ${plural(report.configProblems.length, "problem")}`));
    for (const p of report.configProblems) lines.push(`  ${style.red("✗")} ${t(formatProblemLine(p))}`);
  }

  if (report.drift) {
    const drifted = report.drift.repos.filter((r) => r.status !== "ok");
    const total = report.drift.repos.length;
    lines.push("");
    if (drifted.length === 0) {
      lines.push(
        `${style.bold("Label drift:")} none, ${plural(total, "repository", "repositories")} checked`,
      );
    } else {
      lines.push(
        style.bold(`Label drift: ${drifted.length} of ${plural(total, "repository", "repositories")}`),
      );
      for (const repo of drifted) {
        if (repo.status === "failed") {
          lines.push(`  ${style.red("✗")} ${t(repo.repo)}: could not read its labels: ${t(repo.error)}`);
          continue;
        }
        lines.push(`  ${style.red("✗")} ${t(repo.repo)}`);
        for (const change of repo.changes) {
          lines.push(`      ${style.yellow(t(change.name))}: ${t(describeChange(change))}`);
        }
      }
    }
  }

  if (report.tracking) {
    const problems = report.tracking.problems;
    lines.push("");
    if (problems.length === 0) {
      lines.push(
        `${style.bold("Epics:")} ${plural(report.epicCount, "epic")}, each with one configured epic label`,
      );
    } else {
      lines.push(style.bold(`Epics: ${plural(problems.length, "problem")}`));
      for (const p of problems) {
        lines.push(`  ${style.red("✗")} #${p.number} ${t(p.title)}`);
        lines.push(`      ${t(p.problem)}`);
        lines.push(`      ${style.dim(t(p.url))}`);
      }
    }
  }

  if (report.hierarchy) {
    const problems = report.hierarchy.problems;
    lines.push("");
    if (problems.length === 0) {
      lines.push(`${style.bold("Tasks:")} every task is where both models say it is`);
    } else {
      lines.push(style.bold(`Tasks: ${plural(problems.length, "problem")}`));
      for (const p of problems) {
        lines.push(`  ${style.red("✗")} ${t(`${p.repo}#${p.number}`)} ${t(p.title)}`);
        lines.push(`      ${t(p.problem)}`);
        lines.push(`      ${style.dim(t(p.url))}`);
      }
    }
  }

  if (report.failures.length > 0) {
    lines.push("", style.bold(`Not checked: ${plural(report.failures.length, "GitHub error")}`));
    for (const f of report.failures) lines.push(`  ${style.red("✗")} ${t(f.scope)}: ${t(f.message)}`);
  }

  const warnings = warningMessages(report);
  if (warnings.length > 0) {
    lines.push("", style.bold(`Warnings: ${warnings.length}`));
    for (const w of warnings) lines.push(`  ${style.yellow("!")} ${t(w)}`);
  }

  const ok = exitCodeOf(report) === 0;
  lines.push("", `${ok ? style.green("✓") : style.red("✗")} ${verdict(report)}`);
  return `${lines.join("\n")}\n`;
}

function formatProblemLine(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

// ---------------------------------------------------------------------------------------------
// JSON

export function toJson(report: CheckReport) {
  const code = exitCodeOf(report);
  return {
    version: 1,
    ok: code === 0,
    org: report.org ?? null,
    config: {
      file: report.configFile,
      problems: report.configProblems.map((p) => ({
        file: p.file,
        line: p.line,
        column: p.column,
        message: p.message,
      })),
    },
    drift: toJsonDrift((report.drift?.repos ?? []).filter((r) => r.status !== "ok")),
    epics: (report.tracking?.problems ?? []).map((p) => ({
      number: p.number,
      title: p.title,
      url: p.url,
      problem: p.problem,
      labels: p.labels,
    })),
    tasks: (report.hierarchy?.problems ?? []).map((p) => ({
      kind: p.kind,
      epic: p.epic,
      repo: p.repo,
      number: p.number,
      title: p.title,
      url: p.url,
      problem: p.problem,
    })),
    warnings: warningMessages(report),
    errors: report.failures.map((f) => `${f.scope}: ${f.message}`),
    checked: {
      repositories: report.drift?.repos.length ?? 0,
      skipped: report.drift?.skipped ?? [],
      epics: report.epicCount,
    },
    exit_code: code,
  };
}

// ---------------------------------------------------------------------------------------------
// GitHub Actions annotations

function annotation(level: AnnotationLevel, message: string, title: string): string {
  return `::${level} title=${forAnnotationProperty(title)}::${forAnnotationData(message)}`;
}

function findSpec(labels: readonly LabelSpec[], name: string): LabelSpec | undefined {
  const wanted = name.toLowerCase();
  return labels.find((l) => l.name.toLowerCase() === wanted);
}

/**
 * One annotation per drifted config entry (pointing at its line, listing the repositories), per
 * epic problem, per failure and per warning. GitHub shows only the first few annotations of a step,
 * so drift is grouped by label rather than repeated per repository; the job summary has it all.
 */
export function renderAnnotations(report: CheckReport, labels: readonly LabelSpec[]): string[] {
  const out: string[] = [];
  for (const p of report.configProblems) out.push(formatAnnotation("error", p));

  const byLabel = new Map<string, { name: string; where: string[] }>();
  for (const repo of report.drift?.repos ?? []) {
    if (repo.status === "failed") {
      out.push(
        annotation("error", `${repo.repo}: could not read its labels: ${repo.error}`, "waku-pm check"),
      );
      continue;
    }
    for (const change of repo.changes) {
      const key = change.name.toLowerCase();
      const entry = byLabel.get(key) ?? { name: change.name, where: [] };
      entry.where.push(`${repo.repo} (${describeChange(change)})`);
      byLabel.set(key, entry);
    }
  }
  for (const { name, where } of byLabel.values()) {
    const message = `label "${name}" differs from the config in ${plural(where.length, "repository", "repositories")}: ${where.join("; ")}. Run waku-pm sync-labels to fix it.`;
    const spec = findSpec(labels, name);
    out.push(
      spec
        ? formatAnnotation("error", { file: report.configFile, line: spec.line, column: 1, message })
        : annotation("error", message, "label drift"),
    );
  }

  for (const p of report.tracking?.problems ?? []) {
    out.push(annotation("error", `${p.problem} (${p.url})`, `epic #${p.number}`));
  }
  for (const p of report.hierarchy?.problems ?? []) {
    out.push(annotation("error", `${p.problem} (${p.url})`, `${p.repo}#${p.number}`));
  }
  for (const f of report.failures) {
    out.push(annotation("error", `${f.scope} could not be checked: ${f.message}`, "waku-pm check"));
  }

  for (const p of report.configWarnings) out.push(formatAnnotation("warning", p));
  for (const w of report.tracking?.warnings ?? []) {
    out.push(
      w.kind === "orphan-label"
        ? formatAnnotation("warning", {
            file: report.configFile,
            line: w.line,
            column: 1,
            message: w.message,
          })
        : annotation("warning", `${w.message} (${w.url})`, "orphan epic"),
    );
  }
  for (const w of report.hierarchy?.warnings ?? []) out.push(annotation("warning", w.message, "tasks"));
  for (const w of report.fetchWarnings) out.push(annotation("warning", w, "waku-pm check"));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Job summary (markdown)

export function renderSummary(report: CheckReport): string {
  const code = exitCodeOf(report);
  const icon = code === 0 ? "✅" : "❌";
  const lines: string[] = [];
  const org = report.org ? ` ${forMarkdownInline(report.org)}` : "";
  lines.push(`## ${icon} waku-pm check${org}`, "");
  lines.push(`${icon} ${forMarkdownInline(verdict(report))}`, "");

  if (report.configProblems.length > 0) {
    lines.push(`### Config problems in ${markdownCode(report.configFile)}`, "");
    lines.push(
      markdownTable(
        ["Line", "Problem"],
        report.configProblems.map((p) => [`${p.line}:${p.column}`, forMarkdownInline(p.message)]),
      ),
      "",
    );
  }

  const drifted = (report.drift?.repos ?? []).filter((r) => r.status !== "ok");
  if (drifted.length > 0) {
    lines.push("### Label drift", "");
    const rows: string[][] = [];
    for (const repo of drifted) {
      if (repo.status === "failed") {
        rows.push([
          forMarkdownInline(repo.repo),
          "",
          `could not read its labels: ${forMarkdownInline(repo.error)}`,
        ]);
        continue;
      }
      for (const change of repo.changes) {
        rows.push([
          forMarkdownInline(repo.repo),
          markdownCode(change.name),
          forMarkdownInline(describeChange(change)),
        ]);
      }
    }
    lines.push(markdownTable(["Repository", "Label", "Difference"], rows), "");
    lines.push("Run `waku-pm sync-labels` (or the labels-sync workflow) to fix the drift.", "");
  }

  const problems = report.tracking?.problems ?? [];
  if (problems.length > 0) {
    lines.push("### Epics", "");
    lines.push(
      markdownTable(
        ["Epic", "Problem"],
        problems.map((p) => [markdownLink(`#${p.number} ${p.title}`, p.url), forMarkdownInline(p.problem)]),
      ),
      "",
    );
  }

  const taskProblems = report.hierarchy?.problems ?? [];
  if (taskProblems.length > 0) {
    lines.push("### Tasks", "");
    lines.push(
      markdownTable(
        ["Task", "Problem"],
        taskProblems.map((p) => [
          markdownLink(`${p.repo}#${p.number} ${p.title}`, p.url),
          forMarkdownInline(p.problem),
        ]),
      ),
      "",
    );
    lines.push("Run `waku-pm link-tasks` to make the two models agree where GitHub allows it.", "");
  }

  if (report.failures.length > 0) {
    lines.push("### Not checked", "");
    for (const f of report.failures) lines.push(`- ${forMarkdownInline(`${f.scope}: ${f.message}`)}`);
    lines.push("");
  }

  const warnings = warningMessages(report);
  if (warnings.length > 0) {
    lines.push("### Warnings", "");
    for (const w of warnings) lines.push(`- ${forMarkdownInline(w)}`);
    lines.push("");
  }
  return lines.join("\n");
}
