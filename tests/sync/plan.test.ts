import { describe, expect, it } from "vitest";
import type { LabelSpec } from "../../src/config/index.js";
import type { Label } from "../../src/github/labels.js";
import { findPruneCandidates, planHasChanges, planLabelSync } from "../../src/sync/plan.js";

function spec(name: string, color: string, description?: string, aliases: string[] = []): LabelSpec {
  const s: LabelSpec = { name, color, aliases, line: 1 };
  if (description !== undefined) s.description = description;
  return s;
}

function label(name: string, color: string, description: string | null = null): Label {
  return { name, color, description };
}

const noPrune = { prune: false, force: false };

describe("planLabelSync", () => {
  it("plans nothing when the repository already matches, ignoring colour case and null descriptions", () => {
    const plan = planLabelSync(
      [
        spec("bug", "d73a4a", "Something isn't working"),
        spec("E:1.1", "b60205", ""),
        spec("infra", "277196"),
      ],
      [
        label("bug", "D73A4A", "Something isn't working"),
        label("E:1.1", "b60205", null),
        label("infra", "277196", "ops"),
      ],
      noPrune,
    );
    expect(plan.changes).toEqual([]);
    expect(planHasChanges(plan)).toBe(false);
  });

  it("creates missing labels and updates drifted fields, before → after", () => {
    const plan = planLabelSync(
      [spec("bug", "d73a4a", "Something isn't working"), spec("track:rln", "0e8a16", "RLN")],
      [label("bug", "ee0701", "Something is broken")],
      noPrune,
    );
    expect(plan.changes).toEqual([
      {
        action: "update",
        name: "bug",
        color: "d73a4a",
        description: "Something isn't working",
        fields: {
          color: { from: "ee0701", to: "d73a4a" },
          description: { from: "Something is broken", to: "Something isn't working" },
        },
      },
      { action: "create", name: "track:rln", color: "0e8a16", description: "RLN" },
    ]);
  });

  it("leaves the description alone when the config entry has none", () => {
    const plan = planLabelSync([spec("infra", "277196")], [label("infra", "000000", "kept")], noPrune);
    expect(plan.changes).toEqual([
      {
        action: "update",
        name: "infra",
        color: "277196",
        fields: { color: { from: "000000", to: "277196" } },
      },
    ]);
  });

  it("treats a case-only difference as a rename, never a create", () => {
    const plan = planLabelSync([spec("bug", "d73a4a")], [label("BUG", "d73a4a")], noPrune);
    expect(plan.changes).toEqual([
      { action: "rename", name: "bug", from: "BUG", reason: "case", color: "d73a4a", fields: {} },
    ]);
  });

  it("renames an alias in place, carrying field changes in the same PATCH", () => {
    const plan = planLabelSync(
      [spec("E:PostgreSQL", "35dccc", "Postgres work", ["E:Postgres"])],
      [label("E:Postgres", "111111", "old")],
      noPrune,
    );
    expect(plan.changes).toEqual([
      {
        action: "rename",
        name: "E:PostgreSQL",
        from: "E:Postgres",
        reason: "alias",
        color: "35dccc",
        description: "Postgres work",
        fields: {
          color: { from: "111111", to: "35dccc" },
          description: { from: "old", to: "Postgres work" },
        },
      },
    ]);
  });

  it("merges an alias when both it and the target exist", () => {
    const plan = planLabelSync(
      [spec("bug", "d73a4a", undefined, ["type: bug"])],
      [label("bug", "d73a4a"), label("type: bug", "ffffff")],
      noPrune,
    );
    expect(plan.changes).toEqual([{ action: "merge", name: "bug", from: "type: bug" }]);
  });

  it("renames the first present alias and merges the others into it, renames before merges", () => {
    const plan = planLabelSync(
      [spec("bug", "d73a4a", undefined, ["Bug-old", "type: bug", "absent"]), spec("docs", "0075ca")],
      [label("type: bug", "d73a4a"), label("Bug-old", "d73a4a")],
      noPrune,
    );
    expect(plan.changes.map((c) => [c.action, c.name, "from" in c ? c.from : undefined])).toEqual([
      ["rename", "bug", "Bug-old"],
      ["create", "docs", undefined],
      ["merge", "bug", "type: bug"],
    ]);
  });

  it("leaves labels outside the config alone without prune", () => {
    const plan = planLabelSync(
      [spec("bug", "d73a4a")],
      [label("bug", "d73a4a"), label("wontfix", "ffffff")],
      noPrune,
    );
    expect(plan.changes).toEqual([]);
  });

  it("with prune deletes unused labels and keeps labels in use (and unknown usage) unless forced", () => {
    const desired = [spec("bug", "d73a4a", undefined, ["defect"])];
    const current = [
      label("bug", "d73a4a"),
      label("wontfix", "ffffff"),
      label("question", "d876e3"),
      label("help", "000000"),
    ];
    expect(findPruneCandidates(desired, current).map((l) => l.name)).toEqual(["wontfix", "question", "help"]);
    const usage = new Map([
      ["wontfix", 0],
      ["question", 3],
    ]);
    const plan = planLabelSync(desired, current, { prune: true, force: false, usage });
    expect(plan.changes).toEqual([
      { action: "delete", name: "wontfix", issues: 0 },
      { action: "keep-in-use", name: "help", issues: -1 },
      { action: "keep-in-use", name: "question", issues: 3 },
    ]);
    expect(planHasChanges({ changes: plan.changes.filter((c) => c.action === "keep-in-use") })).toBe(false);
    const forced = planLabelSync(desired, current, { prune: true, force: true, usage });
    expect(forced.changes.map((c) => [c.action, c.name])).toEqual([
      ["delete", "help"],
      ["delete", "question"],
      ["delete", "wontfix"],
    ]);
  });

  it("never prunes a merged alias: the merge deletes it after relabelling", () => {
    const plan = planLabelSync(
      [spec("bug", "d73a4a", undefined, ["defect"])],
      [label("bug", "d73a4a"), label("defect", "ffffff")],
      { prune: true, force: true, usage: new Map() },
    );
    expect(plan.changes).toEqual([{ action: "merge", name: "bug", from: "defect" }]);
  });

  it("handles names with spaces, punctuation and emoji as plain strings", () => {
    const names = ["good first issue", "track:rln", "a/b", "100%", "why?", "#1", "🚀 launch"];
    const plan = planLabelSync(
      names.map((n) => spec(n, "ABCDEF")),
      names.slice(0, 3).map((n) => label(n, "abcdef")),
      noPrune,
    );
    expect(plan.changes.map((c) => [c.action, c.name])).toEqual(names.slice(3).map((n) => ["create", n]));
  });

  it("is deterministic: the same input gives the same plan", () => {
    const desired = [spec("b", "000000", "x", ["B-old"]), spec("a", "111111")];
    const current = [label("B-old", "000000"), label("z", "222222"), label("A", "111111")];
    const opts = { prune: true, force: false, usage: new Map([["z", 0]]) };
    expect(planLabelSync(desired, current, opts)).toEqual(
      planLabelSync(desired, [...current].reverse(), opts),
    );
  });
});
