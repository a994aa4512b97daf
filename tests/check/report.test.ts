import { describe, expect, it } from "vitest";
import { renderAnnotations, renderSummary, verdict } from "../../src/check/render.js";
import { type CheckReport, createReport, exitCodeOf } from "../../src/check/report.js";
import type { LabelSpec } from "../../src/config/index.js";

const labels: LabelSpec[] = [{ name: "bug", color: "d73a4a", aliases: [], line: 7 }];

function report(patch: Partial<CheckReport> = {}): CheckReport {
  return {
    ...createReport("labels.yaml"),
    org: "waku-org",
    drift: { repos: [{ repo: "waku-org/nwaku", status: "ok", changes: [] }], skipped: [], warnings: [] },
    tracking: { problems: [], warnings: [] },
    epicCount: 1,
    ...patch,
  };
}

const drifted: NonNullable<CheckReport["drift"]> = {
  repos: [
    {
      repo: "waku-org/nwaku",
      status: "drifted",
      changes: [
        {
          action: "update",
          name: "bug",
          color: "d73a4a",
          fields: { color: { from: "ffffff", to: "d73a4a" } },
        },
      ],
    },
  ],
  skipped: [],
  warnings: [],
};

describe("exit code and verdict", () => {
  it("is 0 when everything matches", () => {
    expect(exitCodeOf(report())).toBe(0);
    expect(verdict(report())).toBe("consistent: 1 repository matches labels.yaml, 1 epic tracked");
  });

  it("is 1 for drift", () => {
    expect(exitCodeOf(report({ drift: drifted }))).toBe(1);
  });

  it("is 3, not 1, when a repository could not be read even if others drifted", () => {
    const repos = [
      ...drifted.repos,
      { repo: "waku-org/js-waku", status: "failed" as const, error: "500", changes: [] as [] },
    ];
    const r = report({ drift: { repos, skipped: [], warnings: [] } });
    expect(exitCodeOf(r)).toBe(3);
    expect(verdict(r)).toBe("incomplete: 1 repository drifted, 1 repository could not be read");
  });

  it("is 2 for config problems whatever else is known", () => {
    const r = report({
      drift: drifted,
      configProblems: [{ file: "labels.yaml", line: 3, column: 5, message: "bad colour" }],
    });
    expect(exitCodeOf(r)).toBe(2);
    expect(verdict(r)).toMatch(/^labels\.yaml is not valid \(1 problem\)/);
  });
});

describe("annotations", () => {
  it("escape newlines and percent signs so one problem stays one annotation", () => {
    const r = report({
      tracking: {
        problems: [
          {
            kind: "no-epic-label",
            number: 5,
            title: "t",
            url: "https://github.com/waku-org/pm/issues/5",
            labels: [],
            problem: "100% broken\n::error::injected",
          },
        ],
        warnings: [],
      },
    });
    const lines = renderAnnotations(r, labels);
    expect(lines).toEqual([
      "::error title=epic #5::100%25 broken%0A::error::injected (https://github.com/waku-org/pm/issues/5)",
    ]);
  });

  it("point drift at the label's line and fall back to no file for a label not in the config", () => {
    const withUnknown = {
      repos: [
        ...drifted.repos,
        {
          repo: "waku-org/js-waku",
          status: "drifted" as const,
          changes: [{ action: "merge" as const, name: "other", from: "Other" }],
        },
      ],
      skipped: [],
      warnings: [],
    };
    const lines = renderAnnotations(report({ drift: withUnknown }), labels);
    expect(lines[0]).toMatch(/^::error file=labels\.yaml,line=7,col=1::label "bug" differs/);
    expect(lines[1]).toMatch(/^::error title=label drift::label "other" differs/);
  });
});

describe("job summary", () => {
  it("says when everything is consistent", () => {
    const md = renderSummary(report());
    expect(md).toContain("## ✅ waku-pm check waku-org");
    expect(md).not.toContain("### Label drift");
  });
});
