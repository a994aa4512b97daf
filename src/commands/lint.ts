/**
 * `waku-pm lint`: validates the config offline (no token, no request) and reports every problem at
 * once. Exit 0 when valid (warnings allowed), 2 otherwise.
 */
import type { Command } from "commander";
import {
  formatProblem,
  formatWarning,
  inspectConfig,
  type LabelSpec,
  type Problem,
} from "../config/index.js";
import type { Context } from "../context.js";
import type { ExitCode } from "../errors.js";
import { formatAnnotation, inGitHubActions } from "../render/annotations.js";
import { sanitizeForTerminal, styleFor } from "../render/style.js";
import type { CommandRunner } from "../runtime.js";

const EXAMPLES = `
Examples:
  $ waku-pm lint                              # ./labels.yaml, else ./.github/labels.yml
  $ waku-pm lint --config .github/labels.yml
  $ waku-pm lint --json | jq '.problems[]'    # machine-readable, lowercased colours

Problems are printed as FILE:LINE:COLUMN: message, all at once. Under GitHub Actions
(GITHUB_ACTIONS=true) each is also printed as an ::error annotation. Exit 0 when valid, 2 when not.
`;

export function registerLint(program: Command, runner: CommandRunner): void {
  program
    .command("lint")
    .description("validate the label/config file offline (no token needed); exit 0 when valid, 2 when not")
    // --config and --json are global options; list them in this command's help too.
    .configureHelp({ showGlobalOptions: true })
    .addHelpText("after", EXAMPLES)
    .action(runner(runLint));
}

export async function runLint(ctx: Context): Promise<ExitCode> {
  const inspection = inspectConfig(ctx);
  const { file, errors, warnings } = inspection;
  const valid = errors.length === 0 && inspection.config !== undefined;
  const labels = inspection.config?.labels ?? inspection.labels;

  if (ctx.globals.json) {
    const output = {
      version: 1,
      file,
      valid,
      shape: inspection.shape ?? null,
      labels: labels.map(toJsonLabel),
      problems: errors.map((p) => toJsonProblem(p, "error")),
      warnings: warnings.map((p) => toJsonProblem(p, "warning")),
    };
    ctx.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    const style = styleFor(ctx.stderr);
    const lines = [
      // Messages quote names from the file, which may hold escape sequences: keep the terminal safe.
      ...errors.map((p) => ({ p, text: sanitizeForTerminal(formatProblem(p)) })),
      ...warnings.map((p) => ({ p, text: style.yellow(sanitizeForTerminal(formatWarning(p))) })),
    ].sort((a, b) => a.p.line - b.p.line || a.p.column - b.p.column);
    for (const line of lines) ctx.stderr.write(`${line.text}\n`);
    const warned = warnings.length > 0 ? `, ${plural(warnings.length, "warning")}` : "";
    if (valid) {
      const config = inspection.config!;
      const track = labels.filter((l) => l.name.toLowerCase().startsWith("track:")).length;
      const epic = labels.filter((l) => l.name.startsWith(config.epicPrefix)).length;
      const out = styleFor(ctx.stdout);
      ctx.stdout.write(
        `${out.green("✓")} ${file}: ${plural(labels.length, "label")} (${track} track, ${epic} epic) valid${warned}\n`,
      );
    } else {
      ctx.stderr.write(
        `${style.red("✗")} ${file}: ${plural(errors.length, "problem")}${warned}; not valid\n`,
      );
    }
  }

  if (inGitHubActions(ctx.env)) {
    // With --json, stdout is the JSON document; the runner reads workflow commands from stderr too.
    const target = ctx.globals.json ? ctx.stderr : ctx.stdout;
    for (const p of errors) target.write(`${formatAnnotation("error", p)}\n`);
    for (const p of warnings) target.write(`${formatAnnotation("warning", p)}\n`);
  }
  return valid ? 0 : 2;
}

function toJsonLabel(label: LabelSpec) {
  return {
    name: label.name,
    color: label.color,
    ...(label.description !== undefined ? { description: label.description } : {}),
    aliases: label.aliases,
  };
}

function toJsonProblem(problem: Problem, severity: "error" | "warning") {
  return {
    file: problem.file,
    line: problem.line,
    column: problem.column,
    message: problem.message,
    severity,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
