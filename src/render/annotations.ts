/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`), which GitHub turns
 * into annotations on the file and line of a pull request. `lint` and `check` print them when
 * GITHUB_ACTIONS=true.
 */
import type { Problem } from "../config/index.js";
import { forAnnotationData, forAnnotationProperty } from "../text/safety.js";

export type AnnotationLevel = "error" | "warning" | "notice";

/**
 * One annotation line (no trailing newline). Escaping (src/text/safety.ts) follows actions/toolkit's
 * command.ts: the runner unescapes `%25 %0D %0A` in the message and additionally `%3A %2C` in
 * property values, where a raw `:` or `,` would end the value (a file path with a comma would lose
 * its tail).
 */
export function formatAnnotation(level: AnnotationLevel, problem: Problem): string {
  const properties = [
    `file=${forAnnotationProperty(problem.file)}`,
    `line=${problem.line}`,
    `col=${problem.column}`,
  ].join(",");
  return `::${level} ${properties}::${forAnnotationData(problem.message)}`;
}

/** True when running as a GitHub Actions step. */
export function inGitHubActions(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.GITHUB_ACTIONS === "true";
}

/** The old names of `forAnnotationData` and `forAnnotationProperty`. */
export const escapeData = forAnnotationData;
export const escapeProperty = forAnnotationProperty;
