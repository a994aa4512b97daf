/**
 * The config keys of issue 11 and of `history` (time-and-hierarchy.md): `epics: { source,
 * marker_label }` and milestones given with a start date. Defaults keep today's behaviour;
 * every bad value is a problem at its line and column.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { milestoneStartOf, validateConfigText } from "../../src/config/index.js";
import { ROOT } from "../helpers/cli.js";

const LABELS = "labels:\n  - name: bug\n    color: d73a4a\n";

function problems(text: string): string[] {
  return validateConfigText(text, "f.yaml").errors.map((e) => `${e.line}:${e.column} ${e.message}`);
}

describe("epics", () => {
  it("defaults to today's model: tasks by label, epics marked `epic`, in both shapes", () => {
    expect(validateConfigText(LABELS, "f.yaml").config?.epics).toEqual({
      source: "labels",
      markerLabel: "epic",
    });
    expect(validateConfigText("- name: bug\n  color: d73a4a\n", "f.yaml").config?.epics).toEqual({
      source: "labels",
      markerLabel: "epic",
    });
    expect(validateConfigText(`epics: {}\n${LABELS}`, "f.yaml").config?.epics.source).toBe("labels");
  });

  it("reads each source and the marker label, typed", () => {
    for (const source of ["labels", "sub-issues", "both"] as const) {
      const config = validateConfigText(
        `epics:\n  source: ${source}\n  marker_label: Deliverable\n${LABELS}`,
        "f.yaml",
      ).config;
      expect(config?.epics).toEqual({ source, markerLabel: "Deliverable" });
    }
  });

  it("warns when the marker label is not among the labels (sync would not create it, --prune would delete it)", () => {
    const warnings = (text: string) =>
      validateConfigText(text, "f.yaml").warnings.map((w) => `${w.line}:${w.column} ${w.message}`);
    expect(warnings(`epics:\n  marker_label: Deliverable\n${LABELS}`)).toEqual([
      '2:17 epics.marker_label "Deliverable" is not one of the labels below, so sync-labels never creates it and --prune would delete it: add it to labels',
    ]);
    expect(warnings(`epics:\n  marker_label: BUG\n${LABELS}`)).toEqual([]);
    // The default is not checked: a file that never mentions epics keeps linting as it did.
    expect(warnings(LABELS)).toEqual([]);
  });

  it("an unknown source is a problem at its value, listing the three", () => {
    expect(problems(`epics:\n  source: subissues\n${LABELS}`)).toEqual([
      '2:11 epics.source "subissues" is not a source of epic tasks: write labels, sub-issues or both',
    ]);
    expect(problems(`epics: { source: [labels] }\n${LABELS}`)).toEqual([
      '1:18 epics.source ["labels"] is not a source of epic tasks: write labels, sub-issues or both',
    ]);
  });

  it("marker_label is a label name: not empty, at most 50 characters, no control characters", () => {
    expect(problems(`epics:\n  marker_label: ""\n${LABELS}`)).toEqual(["2:17 epics.marker_label is empty"]);
    expect(problems(`epics:\n  marker_label: ${"x".repeat(51)}\n${LABELS}`)).toEqual([
      "2:17 epics.marker_label is 51 characters; GitHub allows at most 50 (shorten it)",
    ]);
    expect(problems(`epics:\n  marker_label: ${"x".repeat(50)}\n${LABELS}`)).toEqual([]);
    expect(problems(`epics:\n  marker_label: "ep\\eic"\n${LABELS}`)).toEqual([
      expect.stringMatching(
        /^2:17 epics\.marker_label contains the control character U\+001B \(ESC\) at character 3/,
      ),
    ]);
    expect(problems(`epics:\n  marker_label: [epic]\n${LABELS}`)).toEqual([
      "2:17 epics.marker_label must be text, not a list",
    ]);
  });

  it("epics must be a mapping; a misspelt key gets a suggestion", () => {
    expect(problems(`epics: sub-issues\n${LABELS}`)).toEqual([
      '1:8 epics must be a mapping, not text ("sub-issues")',
    ]);
    expect(problems(`epics:\n  sources: both\n  marker-label: epic\n${LABELS}`)).toEqual([
      '2:3 epics: unknown key "sources"; did you mean "source"?',
      '3:3 epics: unknown key "marker-label"; did you mean "marker_label"?',
    ]);
  });
});

describe("milestones with a start date", () => {
  const text = `milestones:
  gen0:
    title: Waku Network Gen 0
    start: 2023-09-01
  qa: Quality Assurance processes are in place
  1mm: { title: Waku Network can Support 1 Million Users }
${LABELS}`;

  it("titles stay where they were; start dates are exposed by short name and by title", () => {
    const config = validateConfigText(text, "f.yaml").config!;
    expect(config.milestones).toEqual({
      gen0: "Waku Network Gen 0",
      qa: "Quality Assurance processes are in place",
      "1mm": "Waku Network can Support 1 Million Users",
    });
    expect(config.milestoneStarts).toEqual({ gen0: "2023-09-01" });
    expect(milestoneStartOf(config, "waku network gen 0")).toBe("2023-09-01");
    expect(milestoneStartOf(config, "Quality Assurance processes are in place")).toBeUndefined();
    expect(milestoneStartOf(config, "No such milestone")).toBeUndefined();
  });

  it("the plain form loads exactly as before: the root labels.yaml has no start dates", () => {
    const config = validateConfigText(readFileSync(join(ROOT, "labels.yaml"), "utf8"), "labels.yaml").config!;
    expect(config.milestones.gen0).toBe("Waku Network Gen 0");
    expect(Object.keys(config.milestones)).toHaveLength(4);
    expect(config.milestoneStarts).toEqual({});
  });

  it("a start that is not a calendar date, a missing title, a misspelt key, a list: each at its position", () => {
    expect(
      problems(`milestones:
  a: { title: A, start: 2023-9-1 }
  b: { title: B, start: 2023-02-30 }
  c: { start: 2023-01-01 }
  d: { titel: D }
  e: [Gen 0]
  f: { title: "", start: "" }
  g: ""
${LABELS}`),
    ).toEqual([
      '2:25 milestones.a.start "2023-9-1" is not a date: write YYYY-MM-DD, e.g. 2023-09-01',
      '3:25 milestones.b.start "2023-02-30" is not a day of the calendar',
      "4:6 missing milestones.c.title",
      '5:8 milestones.d: unknown key "titel"; did you mean "title"?',
      "6:6 milestones.e must be the milestone's title, or a mapping with title: and start: (YYYY-MM-DD), not a list",
      "7:15 milestones.f.title is empty (write the milestone's title)",
      '7:26 milestones.f.start "" is not a date: write YYYY-MM-DD, e.g. 2023-09-01',
      "8:6 milestones.g is empty (write the milestone's title)",
    ]);
  });

  it("a leap day is a date", () => {
    expect(problems(`milestones:\n  a: { title: A, start: 2024-02-29 }\n${LABELS}`)).toEqual([]);
  });
});

describe("the waku-org/pm fixture", () => {
  it("still loads exactly: 59 labels with the colours the file gives", () => {
    const file = join(ROOT, "tests/fixtures/waku-org-pm-labels.yaml");
    const text = readFileSync(file, "utf8");
    const result = validateConfigText(text, "waku-org-pm-labels.yaml");
    expect(result.errors).toEqual([]);
    // The same file read by the yaml package itself (its own toJS, not our positional reader).
    const raw = parse(text, { schema: "failsafe" }) as { name: string; color: string }[];
    expect(result.config?.labels).toHaveLength(59);
    expect(result.config?.labels.map((l) => [l.name, l.color])).toEqual(
      raw.map((l) => [l.name, l.color.replace(/^#/, "").toLowerCase()]),
    );
  });
});
