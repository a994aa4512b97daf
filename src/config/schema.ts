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

const labelName = z
  .string()
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
  description: z
    .string()
    .refine((description) => lengthOf(description) <= DESCRIPTION_MAX, {
      error: (issue) =>
        `is ${lengthOf(issue.input)} characters; GitHub allows at most ${DESCRIPTION_MAX} (shorten it)`,
    })
    .optional(),
  /** Earlier names of this label: sync-labels renames (or merges) them into it. */
  aliases: z.array(labelName).optional(),
});

export const labelListSchema = z.array(labelSchema);

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
  epic_prefix: z.string().min(1, { error: 'is empty (the default is "E:")' }).optional(),
  repos: z
    .strictObject({
      include: z.array(repoPattern).optional(),
      exclude: z.array(repoPattern).optional(),
    })
    .optional(),
  /** Short name → GitHub milestone title, for `--milestone`. */
  milestones: z
    .record(z.string(), z.string().min(1, { error: "is empty (write the milestone's title)" }))
    .optional(),
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

/** Keys the file may use, for "did you mean" suggestions. */
export const LABEL_KEYS = Object.keys(labelSchema.shape);
export const MAPPING_KEYS = Object.keys(mappingSchema.shape);
export const REPOS_KEYS = ["include", "exclude"];

function lengthOf(input: unknown): number {
  // Code points, not UTF-16 units (zod's .max): GitHub counts characters, an emoji is one.
  return typeof input === "string" ? [...input].length : 0;
}
