import { describe, expect, it } from "vitest";
import { checkTracking } from "../../src/check/tracking.js";
import type { LabelSpec } from "../../src/config/index.js";
import type { Epic } from "../../src/model/work.js";

function spec(name: string, line: number, aliases: string[] = []): LabelSpec {
  return { name, color: "35dccc", aliases, line };
}

function epic(number: number, labels: string[], extra: Partial<Epic> = {}): Epic {
  return {
    number,
    title: `[Epic] number ${number}`,
    url: `https://github.com/waku-org/pm/issues/${number}`,
    state: "open",
    labels: ["epic", ...labels],
    milestone: 1,
    assignees: [],
    ...extra,
  };
}

const labels = [spec("bug", 2), spec("E:1.1 Autosharding", 10), spec("E:1.2 RLN", 14, ["E:RLN"])];

function run(epics: Epic[], specs: LabelSpec[] = labels) {
  return checkTracking({ epics, labels: specs, epicPrefix: "E:", pmRepo: "waku-org/pm" });
}

describe("checkTracking", () => {
  it("finds nothing when every epic has one configured label and is in a milestone", () => {
    const result = run([epic(62, ["E:1.1 Autosharding", "track:nwaku"]), epic(63, ["E:1.2 RLN"])]);
    expect(result).toEqual({ problems: [], warnings: [] });
  });

  it("matches the config ignoring case, as GitHub does", () => {
    const result = run([epic(62, ["E:1.1 AUTOSHARDING"]), epic(63, ["E:1.2 rln"])]);
    expect(result.problems).toEqual([]);
  });

  it("reports an epic with two epic labels, naming both", () => {
    const result = run([epic(62, ["E:1.1 Autosharding", "E:1.2 RLN"])]);
    expect(result.problems).toHaveLength(1);
    const [problem] = result.problems;
    expect(problem).toMatchObject({
      kind: "several-epic-labels",
      number: 62,
      url: "https://github.com/waku-org/pm/issues/62",
      labels: ["E:1.1 Autosharding", "E:1.2 RLN"],
    });
    expect(problem?.problem).toContain("waku-org/pm#62");
    expect(problem?.problem).toContain('"E:1.1 Autosharding", "E:1.2 RLN"');
  });

  it("reports an epic with no epic label", () => {
    const result = run([
      epic(62, ["track:nwaku"]),
      epic(63, ["E:1.1 Autosharding"]),
      epic(64, ["E:1.2 RLN"]),
    ]);
    expect(result.problems.map((p) => [p.number, p.kind])).toEqual([[62, "no-epic-label"]]);
  });

  it("reports an epic label missing from the config, and points at sync-labels for an old name", () => {
    const result = run([epic(62, ["E:9.9 Unknown"]), epic(63, ["E:RLN"]), epic(64, ["E:1.1 Autosharding"])]);
    expect(result.problems.map((p) => [p.number, p.kind])).toEqual([
      [62, "unknown-epic-label"],
      [63, "unknown-epic-label"],
    ]);
    expect(result.problems[0]?.problem).toContain("not in the config");
    expect(result.problems[1]?.problem).toContain('old name of "E:1.2 RLN"');
    // The epic carrying the alias still owns the label: no orphan-label warning for E:1.2.
    expect(result.warnings).toEqual([]);
  });

  it("warns about a configured epic label no epic carries, with its config line", () => {
    const result = run([epic(62, ["E:1.1 Autosharding"])]);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([
      {
        kind: "orphan-label",
        label: "E:1.2 RLN",
        line: 14,
        message: 'orphan label: no epic issue in waku-org/pm carries "E:1.2 RLN"',
      },
    ]);
  });

  it("counts a closed epic as owning its label", () => {
    const result = run([epic(62, ["E:1.1 Autosharding"]), epic(63, ["E:1.2 RLN"], { state: "closed" })]);
    expect(result.warnings).toEqual([]);
  });

  it("warns about an open epic outside any milestone, not a closed one", () => {
    const result = run([
      epic(62, ["E:1.1 Autosharding"], { milestone: null }),
      epic(63, ["E:1.2 RLN"], { milestone: null, state: "closed" }),
    ]);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ kind: "orphan-epic", number: 62 });
    expect(result.warnings[0]?.message).toContain("in no milestone");
  });

  it("uses the configured prefix", () => {
    const specs = [spec("epic/one", 3), spec("E:not-an-epic-here", 4)];
    const result = checkTracking({
      epics: [epic(7, ["epic/one", "E:not-an-epic-here"])],
      labels: specs,
      epicPrefix: "epic/",
      pmRepo: "acme/planning",
    });
    expect(result).toEqual({ problems: [], warnings: [] });
  });
});
