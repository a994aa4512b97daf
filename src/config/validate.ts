/**
 * Pure validation: config text in, every problem (with its line and column) and the normalised
 * Config out. No I/O, so `lint`, `check` and `loadConfig` share it and tests call it directly.
 *
 * Order of work: size and UTF-8 (for bytes), then the reader's own limits (nesting, aliases) and
 * YAML syntax (stop there if either fails: the rest would be noise or unbounded work), duplicate
 * keys, the schema (shape, types, characters, GitHub's limits), then what a schema cannot see
 * (names unique ignoring case across labels and aliases, emoji, the marker label being listed).
 */
import type { Config, LabelSpec, Problem } from "./index.js";
import { decodeConfigBytes, MAX_CONFIG_BYTES } from "./read.js";
import {
  checkLabelList,
  checkMapping,
  EPICS_KEYS,
  type Kind,
  LABEL_KEYS,
  MAPPING_KEYS,
  MILESTONE_KEYS,
  type RawLabel,
  type RawMapping,
  REPOS_KEYS,
  type SchemaIssue,
} from "./schema.js";
import { suggestKey } from "./suggest.js";
import { type Path, readYaml, type YamlSource } from "./yaml-source.js";

export interface ValidationResult {
  file: string;
  /** The shape the file has; undefined when it has neither. */
  shape: Config["shape"] | undefined;
  /** The normalised config; undefined whenever there is an error. */
  config: Config | undefined;
  /** Every entry that is a valid label on its own (for `lint --json`, even when the file is not valid). */
  labels: LabelSpec[];
  errors: Problem[];
  warnings: Problem[];
}

export interface ValidateOptions {
  /** --org: wins over the file's `org`. */
  org?: string | undefined;
}

export const DEFAULTS = {
  pmRepo: "pm",
  epicPrefix: "E:",
  include: ["*"],
  exclude: [] as string[],
  /** Today's model (docs/spec/data-model.md): an epic's tasks carry its label; epic issues carry `epic`. */
  epicSource: "labels",
  markerLabel: "epic",
} as const;

// Emoji shown as emoji: GitHub refused these in descriptions in 2022–23 and refuses names made only of them.
const EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F/u;
// Joiners, variation selectors and keycaps only glue emoji together: a name of nothing else is "only emoji".
const EMOJI_PARTS =
  /\p{Extended_Pictographic}|\p{Emoji_Presentation}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u200D|\uFE0F|\u20E3|\s/gu;

/**
 * The file's bytes in, as read by `readConfigFile`: refuses what is too large to be a config, and
 * bytes that are not UTF-8 (at the line and column of the first bad byte), then validates the text.
 */
export function validateConfigBytes(
  bytes: Uint8Array,
  file: string,
  options: ValidateOptions = {},
): ValidationResult {
  if (bytes.length > MAX_CONFIG_BYTES) return refuse(file, { line: 1, column: 1 }, tooLargeMessage());
  const decoded = decodeConfigBytes(bytes);
  if ("error" in decoded) return refuse(file, decoded.error, decoded.error.message);
  return validateConfigText(decoded.text, file, options);
}

function tooLargeMessage(): string {
  return `the file is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB, which no label file needs (waku-org/pm's 59 labels take 5 KB); is it the right file?`;
}

/** A result with one error and nothing else: the file could not be read as a config at all. */
function refuse(file: string, at: { line: number; column: number }, message: string): ValidationResult {
  return {
    file,
    shape: undefined,
    config: undefined,
    labels: [],
    errors: [{ file, line: at.line, column: at.column, message }],
    warnings: [],
  };
}

export function validateConfigText(
  text: string,
  file: string,
  options: ValidateOptions = {},
): ValidationResult {
  // Byte length, as a file on disk is measured (a string may come from elsewhere than a file).
  if (Buffer.byteLength(text, "utf8") > MAX_CONFIG_BYTES) {
    return refuse(file, { line: 1, column: 1 }, tooLargeMessage());
  }
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const result = (shape: ValidationResult["shape"], config?: Config, labels: LabelSpec[] = []) => ({
    file,
    shape,
    config,
    labels,
    errors: sortProblems(errors),
    warnings: sortProblems(warnings),
  });
  const source = readYaml(text);
  const problemAt = (position: { line: number; column: number }, message: string): Problem => ({
    file,
    line: position.line,
    column: position.column,
    message,
  });
  if (source.refused.length > 0) {
    for (const r of source.refused) errors.push(problemAt(r.position, r.message));
    return result(undefined);
  }

  for (const w of source.warnings) warnings.push(problemAt(w.position, `YAML: ${w.message}`));
  if (source.errors.length > 0) {
    for (const e of source.errors) errors.push(problemAt(e.position, `YAML syntax: ${e.message}`));
    return result(undefined);
  }
  const root = source.value;
  if (root === undefined || root === "") {
    errors.push(
      problemAt(
        { line: 1, column: 1 },
        "the file is empty: write a list of labels (- name: …) or a mapping with labels:",
      ),
    );
    return result(undefined);
  }
  const shape: Config["shape"] | undefined = Array.isArray(root)
    ? "list"
    : isRecord(root)
      ? "mapping"
      : undefined;
  if (!shape) {
    errors.push(
      problemAt(
        source.positionOf([]),
        `expected a list of labels (- name: …) or a mapping with labels:, found text ${quote(String(root))}`,
      ),
    );
    return result(undefined);
  }

  const labelsPath: Path = shape === "list" ? [] : ["labels"];
  const rawLabels: unknown[] =
    shape === "list" ? (root as unknown[]) : asArray((root as Record<string, unknown>).labels);
  const describe = new Describer(source, rawLabels, labelsPath);

  for (const b of source.badKeys) errors.push(problemAt(b.position, b.message));
  reportDuplicates(source, describe, errors, problemAt);

  const issues = shape === "list" ? checkLabelList(root) : checkMapping(root);
  for (const problem of describeIssues(issues, root, source, describe, shape)) {
    errors.push(problemAt(problem.position, problem.message));
  }

  checkNames(rawLabels, labelsPath, source, describe, errors, warnings, problemAt);
  if (
    rawLabels.length === 0 &&
    Array.isArray(shape === "list" ? root : (root as Record<string, unknown>).labels)
  ) {
    warnings.push(problemAt(source.positionOf(labelsPath), "the file lists no labels"));
  }
  const include = isRecord(root) && isRecord(root.repos) ? root.repos.include : undefined;
  if (Array.isArray(include) && include.length === 0) {
    warnings.push(
      problemAt(
        source.positionOf(["repos", "include"]),
        'repos.include is empty, so sync-labels selects no repository (leave it out, or write ["*"], for all)',
      ),
    );
  }
  // A marker label the file does not list is never created by sync-labels, and --prune deletes it.
  const marker = isRecord(root) && isRecord(root.epics) ? root.epics.marker_label : undefined;
  if (typeof marker === "string" && marker !== "") {
    const listed = rawLabels.some((raw) => nameOf(raw)?.toLowerCase() === marker.toLowerCase());
    if (!listed) {
      warnings.push(
        problemAt(
          source.positionOf(["epics", "marker_label"]),
          `epics.marker_label ${quote(marker)} is not one of the labels below, so sync-labels never creates it and --prune would delete it: add it to labels`,
        ),
      );
    }
  }

  const labels: LabelSpec[] = [];
  // An entry the schema found nothing wrong with is a valid label on its own.
  const faulty = new Set<number>();
  for (const issue of issues) {
    const inLabel = describe.labelOf(issue.path);
    if (inLabel) faulty.add(inLabel.index);
  }
  rawLabels.forEach((raw, i) => {
    if (!faulty.has(i)) labels.push(toLabelSpec(raw as RawLabel, source.positionOf([...labelsPath, i]).line));
  });
  if (errors.length > 0 || issues.length > 0) return result(shape, undefined, labels);

  // No issue: the file is exactly what the schema describes.
  const mapping: Partial<RawMapping> = shape === "mapping" ? (root as RawMapping) : {};
  const milestones: Record<string, string> = {};
  const milestoneStarts: Record<string, string> = {};
  for (const [short, milestone] of Object.entries(mapping.milestones ?? {})) {
    const title = typeof milestone === "string" ? milestone : milestone.title;
    define(milestones, short, title);
    if (typeof milestone !== "string" && milestone.start !== undefined) {
      define(milestoneStarts, short, milestone.start);
    }
  }
  const config: Config = {
    file,
    shape,
    org: options.org ?? mapping.org,
    pmRepo: mapping.pm_repo ?? DEFAULTS.pmRepo,
    epicPrefix: mapping.epic_prefix ?? DEFAULTS.epicPrefix,
    repos: {
      include: mapping.repos?.include ?? [...DEFAULTS.include],
      exclude: mapping.repos?.exclude ?? [...DEFAULTS.exclude],
    },
    milestones,
    milestoneStarts,
    epics: {
      source: mapping.epics?.source ?? DEFAULTS.epicSource,
      markerLabel: mapping.epics?.marker_label ?? DEFAULTS.markerLabel,
    },
    team: mapping.team ?? [],
    labels,
  };
  return result(shape, config, labels);
}

/** Sets a key that may be `__proto__` (a short name is the user's text) as an ordinary key. */
function define(target: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function toLabelSpec(raw: RawLabel, line: number): LabelSpec {
  const spec: LabelSpec = {
    name: raw.name,
    color: raw.color.replace(/^#/, "").toLowerCase(),
    aliases: raw.aliases ?? [],
    line,
  };
  if (raw.description !== undefined) spec.description = raw.description;
  return spec;
}

/** Names the thing a path points into, for messages: `label "bug"`, `entry 3`, `repos.include[0]`. */
class Describer {
  constructor(
    private readonly source: YamlSource,
    private readonly rawLabels: unknown[],
    readonly labelsPath: Path,
  ) {}

  /** When `path` is inside a label entry: its index and the rest of the path. */
  labelOf(path: Path): { index: number; rest: Path } | undefined {
    const n = this.labelsPath.length;
    if (path.length <= n || this.labelsPath.some((p, i) => path[i] !== p)) return undefined;
    const index = path[n];
    return typeof index === "number" ? { index, rest: path.slice(n + 1) } : undefined;
  }

  label(index: number): string {
    const name = nameOf(this.rawLabels[index]);
    return name ? `label ${quote(name)}` : `entry ${index + 1}`;
  }

  /** Prefix for a message about `path`: `label "bug": color` or `repos.include[0]`. */
  subject(path: Path): string {
    const inLabel = this.labelOf(path);
    if (inLabel) {
      const field = formatPath(inLabel.rest);
      return field ? `${this.label(inLabel.index)}: ${field}` : this.label(inLabel.index);
    }
    return formatPath(path) || "the file";
  }

  entryLine(index: number): number {
    return this.source.positionOf([...this.labelsPath, index]).line;
  }
}

type ProblemAt = (position: { line: number; column: number }, message: string) => Problem;

function reportDuplicates(
  source: YamlSource,
  describe: Describer,
  errors: Problem[],
  problemAt: ProblemAt,
): void {
  // A list entry with a second `name` is two labels merged by a missing `- `; the first repeated
  // key is where the second label began.
  const firstRepeat = new Map<string, number>();
  const merged = new Set<string>();
  for (const d of source.duplicates) {
    const key = JSON.stringify(d.mapPath);
    if (!firstRepeat.has(key)) firstRepeat.set(key, d.at.line);
    if (d.inList && d.key === "name") merged.add(key);
  }
  for (const d of source.duplicates) {
    const key = JSON.stringify(d.mapPath);
    const where = d.mapPath.length > 0 ? `${describe.subject(d.mapPath)}: ` : "";
    let message = `${where}duplicate key \`${d.key}\` on line ${d.at.line}, first defined on line ${d.first.line}`;
    message += merged.has(key) ? `: missing \`- \` before line ${firstRepeat.get(key)}?` : " (keep one)";
    errors.push(problemAt(d.at, message));
  }
}

interface Located {
  position: { line: number; column: number };
  message: string;
}

function describeIssues(
  issues: SchemaIssue[],
  root: unknown,
  source: YamlSource,
  describe: Describer,
  shape: Config["shape"],
): Located[] {
  const out: Located[] = [];
  // An entry without a name gets one message, not one per missing field.
  const nameless = new Set<number>();
  for (const issue of issues) {
    const path = issue.path;
    const inLabel = describe.labelOf(path);
    if (
      inLabel &&
      inLabel.rest.length === 1 &&
      inLabel.rest[0] === "name" &&
      valueAt(root, path) === undefined
    ) {
      nameless.add(inLabel.index);
    }
  }

  // A misspelt key (`colour`) also leaves its field missing: one message says both.
  const misspelt = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== "unknown_keys") continue;
    const known = knownKeysAt(issue.path, describe);
    for (const key of issue.keys) {
      const suggestion = suggestKey(key, known);
      if (suggestion && valueAt(root, [...issue.path, suggestion]) === undefined) {
        misspelt.add(JSON.stringify([...issue.path, suggestion]));
      }
    }
  }

  for (const issue of issues) {
    const path = issue.path;
    const inLabel = describe.labelOf(path);
    const value = valueAt(root, path);

    if (issue.code === "unknown_keys") {
      const known = knownKeysAt(path, describe);
      for (const key of issue.keys) {
        out.push({
          position: source.keyPositionOf([...path, key]),
          message: `${path.length > 0 ? `${describe.subject(path)}: ` : ""}${unknownKeyMessage(key, known, !inLabel && path.length === 0 && shape === "mapping")}`,
        });
      }
      continue;
    }

    const missing = issue.code === "wrong_type" && value === undefined;
    if (missing && misspelt.has(JSON.stringify(path))) continue;
    if (missing && inLabel && nameless.has(inLabel.index) && inLabel.rest[0] !== "name") continue;
    if (missing) {
      out.push({
        position: source.positionOf(path),
        message: missingMessage(path, root, describe, nameless),
      });
      continue;
    }

    if (issue.code === "wrong_type") {
      out.push({
        position: source.positionOf(path),
        message: wrongTypeMessage(issue.expected, value, path, describe),
      });
      continue;
    }

    if (inLabel && inLabel.rest[0] === "color" && value === "") {
      const comment = source.commentAfterEmpty(path);
      const hex = comment?.match(/^[0-9a-fA-F]{6}\b/)?.[0];
      out.push({
        position: source.positionOf(path),
        message: hex
          ? `${describe.subject(path)} is empty: an unquoted # starts a YAML comment, so "#${hex}" was read as a comment; quote it (color: "#${hex}") or drop the # (color: ${hex})`
          : `${describe.subject(path)} is empty (write 6 hex digits, e.g. color: d73a4a)`,
      });
      continue;
    }

    out.push({ position: source.positionOf(path), message: `${describe.subject(path)} ${issue.message}` });
  }
  return out;
}

function knownKeysAt(path: Path, describe: Describer): readonly string[] {
  if (describe.labelOf(path)) return LABEL_KEYS;
  if (path.length === 0) return MAPPING_KEYS;
  if (path[0] === "epics") return EPICS_KEYS;
  if (path[0] === "milestones") return MILESTONE_KEYS;
  return REPOS_KEYS;
}

function unknownKeyMessage(key: string, known: readonly string[], topLevel: boolean): string {
  if (topLevel && LABEL_KEYS.includes(key)) {
    return `unknown key ${quote(key)}: labels go in a list under labels:, each starting with "- "`;
  }
  const suggestion = suggestKey(key, known);
  return suggestion
    ? `unknown key ${quote(key)}; did you mean ${quote(suggestion)}?`
    : `unknown key ${quote(key)} (known keys: ${known.join(", ")})`;
}

function missingMessage(path: Path, root: unknown, describe: Describer, nameless: Set<number>): string {
  const inLabel = describe.labelOf(path);
  if (!inLabel) {
    if (path.length === 1 && path[0] === "labels") {
      return "missing labels: (the list of labels to sync, each - name: … color: …)";
    }
    return `missing ${formatPath(path)}`;
  }
  const field = inLabel.rest[0];
  if (field === "name" && nameless.has(inLabel.index)) {
    const entry = valueAt(root, path.slice(0, -1));
    const keys = isRecord(entry) ? Object.keys(entry) : [];
    if (keys.length === 0) return `entry ${inLabel.index + 1} is empty: write - name: … with color: …`;
    return `entry ${inLabel.index + 1} has no name (only ${keys.join(", ")}); did a \`- \` split one label into several items?`;
  }
  if (field === "color") {
    let message = `${describe.label(inLabel.index)}: missing color (6 hex digits, e.g. color: d73a4a)`;
    // The split-entry breakage: `- name: x` / `- description: y` / `- color: z`.
    const rawLabels = asArray(valueAt(root, describe.labelsPath));
    for (let next = inLabel.index + 1; next < rawLabels.length; next++) {
      const item = rawLabels[next];
      if (!isRecord(item) || "name" in item) break;
      if ("color" in item) {
        message += `; line ${describe.entryLine(next)} has a color in an item of its own: did a \`- \` split one label into several items?`;
        break;
      }
    }
    return message;
  }
  return `${describe.label(inLabel.index)}: missing ${formatPath(inLabel.rest)}`;
}

function wrongTypeMessage(expected: Kind, value: unknown, path: Path, describe: Describer): string {
  const inLabel = describe.labelOf(path);
  const found = kindOf(value);
  if (inLabel && inLabel.rest.length === 0) {
    const hint = typeof value === "string" && value !== "" ? `: write - name: ${value} with a color` : "";
    return `entry ${inLabel.index + 1} is ${found}, not a mapping with name and color${hint}`;
  }
  const wanted: Record<Kind, string> = {
    string: "text",
    array: "a list",
    object: "a mapping",
    record: "a mapping",
    milestone: "the milestone's title, or a mapping with title: and start: (YYYY-MM-DD)",
  };
  let message = `${describe.subject(path)} must be ${wanted[expected]}, not ${found}`;
  // aliases, team and repos.* are lists of text: one word was probably meant as a list of one.
  const listOfText = inLabel ? inLabel.rest[0] === "aliases" : path[0] !== "labels";
  if (expected === "array" && typeof value === "string" && value !== "" && listOfText) {
    message += ` (write [${value}])`;
  }
  return message;
}

function checkNames(
  rawLabels: unknown[],
  labelsPath: Path,
  source: YamlSource,
  describe: Describer,
  errors: Problem[],
  warnings: Problem[],
  problemAt: ProblemAt,
): void {
  const names = new Map<string, { name: string; index: number }>();
  rawLabels.forEach((raw, index) => {
    const name = nameOf(raw);
    if (!name) return;
    const at = source.positionOf([...labelsPath, index, "name"]);
    const earlier = names.get(name.toLowerCase());
    if (earlier) {
      const how = earlier.name === name ? "" : " ignoring case";
      errors.push(
        problemAt(
          at,
          `label ${quote(name)}: same name as label ${quote(earlier.name)} on line ${describe.entryLine(earlier.index)}${how} (GitHub label names are unique ignoring case; merge the two entries)`,
        ),
      );
    } else names.set(name.toLowerCase(), { name, index });
    if (EMOJI.test(name) && name.replace(EMOJI_PARTS, "") === "") {
      errors.push(
        problemAt(at, `label ${quote(name)}: name is only emoji, which GitHub refuses; add a word`),
      );
    }
    const description = isRecord(raw) ? raw.description : undefined;
    if (typeof description === "string" && EMOJI.test(description)) {
      warnings.push(
        problemAt(
          source.positionOf([...labelsPath, index, "description"]),
          `label ${quote(name)}: description contains emoji; GitHub refused emoji in descriptions in 2022–23, so a sync may fail`,
        ),
      );
    }
  });

  const aliases = new Map<string, { alias: string; index: number }>();
  rawLabels.forEach((raw, index) => {
    const name = nameOf(raw);
    if (!isRecord(raw) || !Array.isArray(raw.aliases)) return;
    raw.aliases.forEach((alias, j) => {
      if (typeof alias !== "string" || alias === "") return;
      const at = source.positionOf([...labelsPath, index, "aliases", j]);
      const who = describe.label(index);
      if (alias === name) {
        errors.push(problemAt(at, `${who}: alias ${quote(alias)} is the label's own name; remove it`));
        return;
      }
      const owner = names.get(alias.toLowerCase());
      if (owner && owner.index !== index) {
        errors.push(
          problemAt(
            at,
            `${who}: alias ${quote(alias)} is also the name of label ${quote(owner.name)} on line ${describe.entryLine(owner.index)} (names and aliases must be unique ignoring case)`,
          ),
        );
        return;
      }
      const earlier = aliases.get(alias.toLowerCase());
      if (earlier) {
        const whose =
          earlier.index === index ? "listed twice" : `also an alias of ${describe.label(earlier.index)}`;
        errors.push(
          problemAt(
            at,
            `${who}: alias ${quote(alias)} is ${whose} on line ${describe.entryLine(earlier.index)} (aliases must be unique ignoring case)`,
          ),
        );
        return;
      }
      aliases.set(alias.toLowerCase(), { alias, index });
    });
  });
}

function nameOf(raw: unknown): string | undefined {
  return isRecord(raw) && typeof raw.name === "string" && raw.name !== "" ? raw.name : undefined;
}

function valueAt(root: unknown, path: Path): unknown {
  let current: unknown = root;
  for (const part of path) {
    if (Array.isArray(current) && typeof part === "number") current = current[part];
    else if (isRecord(current) && typeof part === "string" && Object.hasOwn(current, part))
      current = current[part];
    else return undefined;
  }
  return current;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (isRecord(value)) return "a mapping";
  if (value === "") return "empty";
  return `text (${quote(String(value))})`;
}

function formatPath(path: Path): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Text from the file, quoted for a message: JSON escapes C0 controls and lone surrogates; DEL, C1
 * controls and bidirectional overrides are escaped too, so a message shows what the file holds.
 */
function quote(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}
