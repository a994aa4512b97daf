/**
 * Writing labels.yaml text by hand (the `yaml` library cannot put a comment above each list entry
 * the way a person would), with one rule for every scalar: plain only when no YAML reader could
 * take it for anything but that string, double-quoted otherwise.
 *
 * waku-pm reads its config with the failsafe schema, where everything is a string, but the file is
 * also read by people, editors and other tools (GitHub's label actions, `yq`) that use YAML 1.1 or
 * 1.2 core: there `008672` is a number, `no` a boolean, `E: x` a mapping and `a #b` a comment.
 */
import type { ExportedLabel, LabelDifference } from "./union.js";

/** Starts with a letter; then only characters no YAML reader treats specially inside a plain scalar. */
const SAFE_PLAIN = /^[A-Za-z][A-Za-z0-9 _./()+&',!?%=-]*$/;
/** Words YAML 1.1 reads as booleans or null, in any case. */
const SPECIAL_WORDS = /^(?:y|n|yes|no|true|false|on|off|null)$/i;

/** A YAML scalar for `value`, quoted whenever plain would change or lose it. */
export function yamlScalar(value: string): string {
  if (SAFE_PLAIN.test(value) && !value.endsWith(" ") && !SPECIAL_WORDS.test(value)) return value;
  return doubleQuoted(value);
}

/** A double-quoted YAML scalar: escapes what YAML cannot hold literally (controls, C1, BOM, line separators). */
export function doubleQuoted(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\x${hex(code, 2)}`;
    else if (code === 0x2028 || code === 0x2029 || code === 0xfeff || (code >= 0xd800 && code <= 0xdfff)) {
      out += `\\u${hex(code, 4)}`;
    } else out += ch;
  }
  return `${out}"`;
}

function hex(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, "0");
}

/** Comment text made safe for one `#` line: no line breaks or controls can end the comment early. */
export function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ");
}

/**
 * `# `-prefixed lines at `indent`, words wrapped before `width` columns (a word longer than a line
 * gets a line of its own).
 */
export function commentLines(text: string, indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of commentText(text).split(/ +/).filter(Boolean)) {
    const next = line === "" ? word : `${line} ${word}`;
    if (line !== "" && indent.length + 2 + next.length > width) {
      lines.push(`${indent}# ${line}`);
      line = word;
    } else line = next;
  }
  if (line !== "") lines.push(`${indent}# ${line}`);
  return lines;
}

/** At most `max` names, then "+N more". */
function listNames(names: readonly string[], max = 20): string {
  const shown = names.slice(0, max).join(", ");
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

function describeDifference(d: LabelDifference): string {
  const parts: string[] = [];
  if (d.name !== undefined) parts.push(JSON.stringify(d.name));
  if (d.color !== undefined) parts.push(`color ${d.color}`);
  if (d.description !== undefined) {
    const text = [...d.description];
    const short = text.length > 40 ? `${text.slice(0, 39).join("")}…` : d.description;
    parts.push(d.description === "" ? "no description" : `description ${JSON.stringify(short)}`);
  }
  return `${d.repo} has ${parts.join(", ")}`;
}

/**
 * The comment above a label: which of the `total` repositories lack it, or only carry it when
 * most lack it, and which carry it otherwise. Empty when every repository has it as exported.
 */
export function labelComment(label: ExportedLabel, total: number, carriers: () => string[]): string[] {
  const sentences: string[] = [];
  if (label.missing.length > 0) {
    sentences.push(
      label.missing.length > label.present
        ? `only in ${label.present} of ${total} repositories: ${listNames(carriers())}`
        : `missing in ${label.missing.length} of ${total} repositories: ${listNames(label.missing)}`,
    );
  }
  if (label.differs.length > 0) {
    const shown = label.differs.slice(0, 10).map(describeDifference).join("; ");
    const more = label.differs.length > 10 ? `; and ${label.differs.length - 10} more` : "";
    sentences.push(`differs in ${label.differs.length}: ${shown}${more}`);
  }
  return sentences;
}

export interface LabelBlock {
  /** The lines of the `labels:` list, entries and comments, at `indent`. */
  lines: string[];
  /** For each label, the 0-based index (in `lines`) of its first and last line. */
  ranges: { label: ExportedLabel; first: number; last: number }[];
}

/**
 * The entries of a `labels:` list. `carriers(label)` names the repositories that have a label, for
 * the "only in" comment.
 */
export function renderLabelEntries(
  labels: readonly ExportedLabel[],
  options: { indent: string; total: number; carriers: (label: ExportedLabel) => string[] },
): LabelBlock {
  const { indent } = options;
  const lines: string[] = [];
  const ranges: LabelBlock["ranges"] = [];
  for (const label of labels) {
    const first = lines.length;
    for (const sentence of labelComment(label, options.total, () => options.carriers(label))) {
      lines.push(...commentLines(sentence, indent));
    }
    lines.push(`${indent}- name: ${yamlScalar(label.name)}`);
    lines.push(`${indent}  color: ${yamlScalar(label.color)}`);
    if (label.description !== undefined)
      lines.push(`${indent}  description: ${yamlScalar(label.description)}`);
    ranges.push({ label, first, last: lines.length - 1 });
  }
  return { lines, ranges };
}
