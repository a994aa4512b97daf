/**
 * The zod schema: the only description of what a config file may contain. Both accepted shapes
 * (waku-org/pm's bare list of labels, and the mapping with org/pm_repo/… and `labels:`) are here,
 * with GitHub's limits. Types of the raw file come from it; `validate.ts` normalises them into
 * `Config`.
 *
 * The YAML is read with the failsafe schema (every scalar is a string, exactly as written), so the
 * schema only ever sees strings, arrays and plain objects: a "number" in the file is a string here.
 */
import { z } from "zod";
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

/** Text that GitHub and a terminal show as written: see describeBadCharacter. */
const plainText = () =>
  z.string().superRefine((text, ctx) => {
    const problem = describeBadCharacter(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const labelName = plainText()
  .min(1, { error: "is empty" })
  .refine((name) => lengthOf(name) <= NAME_MAX, {
    error: (issue) =>
      `is ${lengthOf(issue.input)} characters; GitHub allows at most ${NAME_MAX} (shorten it)`,
  });

export const labelSchema = z.strictObject({
  name: labelName,
  color: z.string().regex(COLOR_PATTERN, {
    error: (issue) => `${JSON.stringify(issue.input)} is not 6 hex digits (write e.g. d73a4a or "#d73a4a")`,
  }),
  description: plainText()
    .refine((description) => lengthOf(description) <= DESCRIPTION_MAX, {
      error: (issue) =>
        `is ${lengthOf(issue.input)} characters; GitHub allows at most ${DESCRIPTION_MAX} (shorten it)`,
    })
    .optional(),
  /** Earlier names of this label: sync-labels renames (or merges) them into it. */
  aliases: z.array(labelName).optional(),
});

export const labelListSchema = z.array(labelSchema).max(MAX_LABELS, {
  error: (issue) =>
    `has ${countOf(issue.input)} labels; waku-pm reads at most ${MAX_LABELS.toLocaleString("en-US")} (GitHub paces label writes at about 500 an hour): split the file or remove labels`,
});

const milestoneTitle = plainText().min(1, { error: "is empty (write the milestone's title)" });

const calendarDate = z.string().superRefine((text, ctx) => {
  const m = DATE_PATTERN.exec(text);
  if (!m) {
    ctx.addIssue({
      code: "custom",
      message: `${JSON.stringify(text)} is not a date: write YYYY-MM-DD, e.g. 2023-09-01`,
    });
    return;
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    ctx.addIssue({ code: "custom", message: `${JSON.stringify(text)} is not a day of the calendar` });
  }
});

/** A milestone: its title, or a mapping with the title and the start date `history` begins at. */
export const milestoneSchema = z.union([
  milestoneTitle,
  z.strictObject({
    title: milestoneTitle,
    /** Where `history --since` starts by default instead of the milestone's creation. */
    start: calendarDate.optional(),
  }),
]);

export const epicsSchema = z.strictObject({
  source: z
    .enum(EPIC_SOURCES, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not a source of epic tasks: write ${EPIC_SOURCES.join(", ").replace(/, (?=[^,]*$)/, " or ")}`,
    })
    .optional(),
  /** The label that marks an epic issue in pm_repo. */
  marker_label: labelName.optional(),
});

const repoPattern = z.string().superRefine((pattern, ctx) => {
  const problem = describeGlobError(pattern);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const mappingSchema = z.strictObject({
  org: z
    .string()
    .regex(LOGIN_PATTERN, {
      error: (issue) => `${JSON.stringify(issue.input)} is not a GitHub organisation name`,
    })
    .optional(),
  pm_repo: z
    .string()
    .regex(REPO_NAME_PATTERN, { error: (issue) => `${JSON.stringify(issue.input)} is not a repository name` })
    .optional(),
  epic_prefix: plainText().min(1, { error: 'is empty (the default is "E:")' }).optional(),
  /** Where an epic's tasks come from, and which label marks an epic. */
  epics: epicsSchema.optional(),
  repos: z
    .strictObject({
      include: z.array(repoPattern).optional(),
      exclude: z.array(repoPattern).optional(),
    })
    .optional(),
  /** Short name → GitHub milestone title, for `--milestone`. */
  milestones: z.record(z.string(), milestoneSchema).optional(),
  team: z
    .array(
      z
        .string()
        .regex(LOGIN_PATTERN, { error: (issue) => `${JSON.stringify(issue.input)} is not a GitHub login` }),
    )
    .optional(),
  labels: labelListSchema,
});

/** Either shape; `validate.ts` picks one by the root node so problems are not union noise. */
export const configFileSchema = z.union([labelListSchema, mappingSchema]);

export type RawLabel = z.infer<typeof labelSchema>;
export type RawMapping = z.infer<typeof mappingSchema>;
export type RawConfigFile = z.infer<typeof configFileSchema>;
export type RawMilestone = z.infer<typeof milestoneSchema>;
export type EpicSource = (typeof EPIC_SOURCES)[number];

/** Keys the file may use, for "did you mean" suggestions. */
export const LABEL_KEYS = Object.keys(labelSchema.shape);
export const MAPPING_KEYS = Object.keys(mappingSchema.shape);
export const REPOS_KEYS = ["include", "exclude"];
export const EPICS_KEYS = Object.keys(epicsSchema.shape);
export const MILESTONE_KEYS = ["title", "start"];

function countOf(input: unknown): string {
  return Array.isArray(input) ? input.length.toLocaleString("en-US") : "too many";
}

function lengthOf(input: unknown): number {
  // Code points, not UTF-16 units (zod's .max): GitHub counts characters, an emoji is one.
  return typeof input === "string" ? [...input].length : 0;
}
