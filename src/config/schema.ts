/**
 * The schema: the only description of what a config file may contain. Both accepted shapes
 * (waku-org/pm's bare list of labels, and the mapping with org/pm_repo/… and `labels:`) are here,
 * with GitHub's limits. `validate.ts` turns the issues into messages and normalises a valid file
 * into `Config`.
 *
 * The YAML is read with the failsafe schema (every scalar is a string, exactly as written), so the
 * schema only ever sees strings, arrays and plain objects: a "number" in the file is a string here.
 *
 * Why not a schema library: the file's shape is small and fixed, and this is on `lint`'s path,
 * which must start in a few tens of milliseconds. zod was 60 % of the code `lint` loaded and most of
 * its start-up after Node's own; the checkers below are a few dozen lines and report exactly the
 * issues the messages need.
 */
import { describeGlobError } from "./globs.js";

/** GitHub refuses longer label names with a 422 "name is too long" (not in its docs). */
export const NAME_MAX = 50;
/** GitHub's documented limit for a label description. */
export const DESCRIPTION_MAX = 100;
/** Six hex digits, an optional leading '#', any case. */
export const COLOR_PATTERN = /^#?[0-9a-fA-F]{6}$/;
/** GitHub logins (users and organisations): alphanumerics and single inner hyphens, at most 39. */
export const LOGIN_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** Repository names GitHub accepts. */
export const REPO_NAME_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;
/**
 * The most labels one file may list. GitHub documents no limit, but it paces content-creating
 * requests at about 500 an hour (notes/github-api.md), so a first sync of 1,000 labels is already
 * two hours per repository: a longer file is a mistake or an attack (waku-org/pm has 59).
 */
export const MAX_LABELS = 1000;
/** `epics.source`: where an epic's tasks come from (docs/spec/time-and-hierarchy.md, "Epic membership"). */
export const EPIC_SOURCES = ["labels", "sub-issues", "both"] as const;
/** A calendar date as the config writes it (YAML's failsafe schema keeps it as text). */
export const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export type EpicSource = (typeof EPIC_SOURCES)[number];

/** One label entry of a valid file, as written. */
export interface RawLabel {
  name: string;
  color: string;
  description?: string;
  /** Earlier names of this label: sync-labels renames (or merges) them into it. */
  aliases?: string[];
}

/** A milestone: its title, or a mapping with the title and the start date `history` begins at. */
export type RawMilestone = string | { title: string; start?: string };

/** The mapping shape of a valid file, as written. */
export interface RawMapping {
  org?: string;
  pm_repo?: string;
  epic_prefix?: string;
  /** Where an epic's tasks come from, and which label marks an epic. */
  epics?: { source?: EpicSource; marker_label?: string };
  repos?: { include?: string[]; exclude?: string[] };
  /** Short name → GitHub milestone title, for `--milestone`. */
  milestones?: Record<string, RawMilestone>;
  team?: string[];
  labels: RawLabel[];
}

export type RawConfigFile = RawLabel[] | RawMapping;

type Path = ReadonlyArray<string | number>;

/**
 * What is wrong at `path`. `wrong_type`: the value is missing (undefined) or of another kind than
 * `expected`; `unknown_keys`: a mapping has keys the schema does not know; `invalid`: the value has
 * the right kind but breaks a rule, and `message` says how (it follows the subject: "is empty").
 */
export type SchemaIssue =
  | { code: "wrong_type"; path: Path; expected: Kind }
  | { code: "unknown_keys"; path: Path; keys: string[] }
  | { code: "invalid"; path: Path; message: string };

/** What a value should be: text, a list, a mapping of known keys, a mapping of any keys, or a milestone. */
export type Kind = "string" | "array" | "object" | "record" | "milestone";

/** Checks `value` (found at `path`) and appends what is wrong to `issues`. */
interface Checker {
  readonly kind: Kind;
  check(value: unknown, path: Path, issues: SchemaIssue[]): void;
}

/** Why a string breaks a rule (the rest of the message after the subject), or undefined. */
type Rule = (text: string) => string | undefined;

/** Text, every rule applied (a file may break several at once: each is reported). */
function text(...rules: Rule[]): Checker {
  return {
    kind: "string",
    check(value, path, issues) {
      if (typeof value !== "string") {
        issues.push({ code: "wrong_type", path, expected: "string" });
        return;
      }
      for (const rule of rules) {
        const message = rule(value);
        if (message !== undefined) issues.push({ code: "invalid", path, message });
      }
    },
  };
}

/** A list whose every item is checked; `tooLong` says why a list has more than `max` items. */
function list(item: Checker, limit?: { max: number; tooLong: (count: number) => string }): Checker {
  return {
    kind: "array",
    check(value, path, issues) {
      if (!Array.isArray(value)) {
        issues.push({ code: "wrong_type", path, expected: "array" });
        return;
      }
      for (let index = 0; index < value.length; index++) item.check(value[index], [...path, index], issues);
      if (limit && value.length > limit.max) {
        issues.push({ code: "invalid", path, message: limit.tooLong(value.length) });
      }
    },
  };
}

/** One of a few words; anything else, whatever its kind, gets the one message that lists them. */
function choice(words: readonly string[], message: (value: unknown) => string): Checker {
  return {
    kind: "string",
    check(value, path, issues) {
      if (typeof value !== "string" || !words.includes(value)) {
        issues.push({ code: "invalid", path, message: message(value) });
      }
    },
  };
}

interface Field {
  checker: Checker;
  optional: boolean;
}

const optional = (checker: Checker): Field => ({ checker, optional: true });
const required = (checker: Checker): Field => ({ checker, optional: false });

/** A mapping of known keys, checked in the order they are declared; any other key is an issue. */
function mapping(fields: Record<string, Field>): Checker & { keys: string[] } {
  const keys = Object.keys(fields);
  return {
    kind: "object",
    keys,
    check(value, path, issues) {
      if (!isRecord(value)) {
        issues.push({ code: "wrong_type", path, expected: "object" });
        return;
      }
      for (const key of keys) {
        const field = fields[key]!;
        const present = Object.hasOwn(value, key);
        if (!present && !field.optional) {
          issues.push({ code: "wrong_type", path: [...path, key], expected: field.checker.kind });
        } else if (present) field.checker.check(value[key], [...path, key], issues);
      }
      const unknown = Object.keys(value).filter((key) => !Object.hasOwn(fields, key));
      if (unknown.length > 0) issues.push({ code: "unknown_keys", path, keys: unknown });
    },
  };
}

/** A mapping of any keys (the user's short names), each value checked. */
function record(item: Checker): Checker {
  return {
    kind: "record",
    check(value, path, issues) {
      if (!isRecord(value)) {
        issues.push({ code: "wrong_type", path, expected: "record" });
        return;
      }
      for (const key of Object.keys(value)) item.check(value[key], [...path, key], issues);
    },
  };
}

/**
 * Why `text` holds a character that no name or description should, or undefined. Control
 * characters (NUL, ESC, newlines, C1) are stored by GitHub but print invisibly or drive terminals
 * (`bu\0g` would be shown as `bug`); bidirectional overrides make a name read as another; a lone
 * surrogate (from a `"\ud800"` escape) is not a character at all.
 */
export function describeBadCharacter(text: string): string | undefined {
  let index = 0;
  for (let i = 0; i < text.length; i++, index++) {
    const unit = text.charCodeAt(i);
    const where = `character ${index + 1}`;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a well-formed pair is one character
        continue;
      }
    }
    if (unit >= 0xd800 && unit <= 0xdfff) {
      return `contains a lone surrogate (\\u${unit.toString(16)}) at ${where}, which is not a character: write the character itself, or a \\U0001F680-style escape of all of it`;
    }
    if (unit < 0x20 || (unit >= 0x7f && unit <= 0x9f)) {
      return `contains the control character ${codePoint(unit)} at ${where}, which GitHub would store but no one can see or type; remove it`;
    }
    if ((unit >= 0x202a && unit <= 0x202e) || (unit >= 0x2066 && unit <= 0x2069)) {
      return `contains the bidirectional control ${codePoint(unit)} at ${where}, which makes the text display as something else; remove it`;
    }
  }
  return undefined;
}

const CONTROL_NAMES: Record<number, string> = {
  0: "NUL",
  7: "BEL",
  8: "backspace",
  9: "tab",
  10: "line feed",
  13: "carriage return",
  27: "ESC",
  127: "DEL",
};

function codePoint(unit: number): string {
  const hex = `U+${unit.toString(16).toUpperCase().padStart(4, "0")}`;
  const name = CONTROL_NAMES[unit];
  return name ? `${hex} (${name})` : hex;
}

const nonEmpty =
  (message: string): Rule =>
  (s) =>
    s === "" ? message : undefined;
const matching =
  (pattern: RegExp, message: (s: string) => string): Rule =>
  (s) =>
    pattern.test(s) ? undefined : message(s);
const atMost =
  (max: number): Rule =>
  (s) =>
    lengthOf(s) <= max
      ? undefined
      : `is ${lengthOf(s)} characters; GitHub allows at most ${max} (shorten it)`;

/** A label's name (and an alias): visible characters only, not empty, GitHub's length. */
const labelName = text(describeBadCharacter, nonEmpty("is empty"), atMost(NAME_MAX));

const label = mapping({
  name: required(labelName),
  color: required(
    text(
      matching(
        COLOR_PATTERN,
        (s) => `${JSON.stringify(s)} is not 6 hex digits (write e.g. d73a4a or "#d73a4a")`,
      ),
    ),
  ),
  description: optional(text(describeBadCharacter, atMost(DESCRIPTION_MAX))),
  aliases: optional(list(labelName)),
});

const labels = list(label, {
  max: MAX_LABELS,
  tooLong: (count) =>
    `has ${count.toLocaleString("en-US")} labels; waku-pm reads at most ${MAX_LABELS.toLocaleString("en-US")} (GitHub paces label writes at about 500 an hour): split the file or remove labels`,
});

const milestoneTitle = text(describeBadCharacter, nonEmpty("is empty (write the milestone's title)"));

const calendarDate = text((s) => {
  const m = DATE_PATTERN.exec(s);
  if (!m) return `${JSON.stringify(s)} is not a date: write YYYY-MM-DD, e.g. 2023-09-01`;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? undefined : `${JSON.stringify(s)} is not a day of the calendar`;
});

const milestoneMapping = mapping({
  title: required(milestoneTitle),
  /** Where `history --since` starts by default instead of the milestone's creation. */
  start: optional(calendarDate),
});

/** A milestone is its title or a mapping: the value's own kind says which the user meant. */
const milestone: Checker = {
  kind: "milestone",
  check(value, path, issues) {
    if (typeof value === "string") milestoneTitle.check(value, path, issues);
    else if (isRecord(value)) milestoneMapping.check(value, path, issues);
    else issues.push({ code: "wrong_type", path, expected: "milestone" });
  },
};

const epics = mapping({
  source: optional(
    choice(
      EPIC_SOURCES,
      (value) =>
        `${JSON.stringify(value)} is not a source of epic tasks: write ${EPIC_SOURCES.join(", ").replace(/, (?=[^,]*$)/, " or ")}`,
    ),
  ),
  /** The label that marks an epic issue in pm_repo. */
  marker_label: optional(labelName),
});

const repoPattern = text(describeGlobError);

const repos = mapping({
  include: optional(list(repoPattern)),
  exclude: optional(list(repoPattern)),
});

const configMapping = mapping({
  org: optional(
    text(matching(LOGIN_PATTERN, (s) => `${JSON.stringify(s)} is not a GitHub organisation name`)),
  ),
  pm_repo: optional(
    text(matching(REPO_NAME_PATTERN, (s) => `${JSON.stringify(s)} is not a repository name`)),
  ),
  epic_prefix: optional(text(describeBadCharacter, nonEmpty('is empty (the default is "E:")'))),
  epics: optional(epics),
  repos: optional(repos),
  milestones: optional(record(milestone)),
  team: optional(list(text(matching(LOGIN_PATTERN, (s) => `${JSON.stringify(s)} is not a GitHub login`)))),
  labels: required(labels),
});

/** Every issue of a file of the list shape (`root` is its parsed value). */
export function checkLabelList(root: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  labels.check(root, [], issues);
  return issues;
}

/** Every issue of a file of the mapping shape. */
export function checkMapping(root: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  configMapping.check(root, [], issues);
  return issues;
}

/** Keys the file may use, for "did you mean" suggestions. */
export const LABEL_KEYS = label.keys;
export const MAPPING_KEYS = configMapping.keys;
export const REPOS_KEYS = repos.keys;
export const EPICS_KEYS = epics.keys;
export const MILESTONE_KEYS = milestoneMapping.keys;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function lengthOf(input: string): number {
  // Code points, not UTF-16 units: GitHub counts characters, an emoji is one.
  return [...input].length;
}
