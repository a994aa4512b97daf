/**
 * The monthly report's two small pure pieces: which period `--month`/`--kind` mean, and the items
 * an update says under each kind (the same parser the weekly report uses).
 */
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { updateItems } from "../../src/report/parse-update.js";
import { resolvePeriod } from "../../src/report/period.js";

const NOW = new Date("2023-11-27T09:00:00Z");

describe("resolvePeriod", () => {
  it("--month is [the 1st 00:00 UTC, the 1st of the next month), December rolling into January", () => {
    expect(resolvePeriod({ month: "2023-09" }, NOW)).toEqual({
      kind: "monthly",
      since: new Date("2023-09-01T00:00:00Z"),
      until: new Date("2023-10-01T00:00:00Z"),
      month: "2023-09",
      complete: true,
    });
    expect(resolvePeriod({ month: "2022-12" }, NOW).until).toEqual(new Date("2023-01-01T00:00:00Z"));
  });

  it("the month in progress stops now and says it is not complete", () => {
    expect(resolvePeriod({ month: "2023-11" }, NOW)).toMatchObject({ until: NOW, complete: false });
  });

  it("--kind monthly takes --since/--until (default the last 30 days); no flag is the weekly window", () => {
    expect(resolvePeriod({ kind: "monthly" }, NOW)).toMatchObject({
      kind: "monthly",
      since: new Date("2023-10-28T09:00:00Z"),
      until: NOW,
      month: null,
    });
    expect(resolvePeriod({}, NOW)).toMatchObject({ kind: "weekly", since: new Date("2023-11-20T09:00:00Z") });
  });

  it.each([
    [{ month: "2023-13" }, /is not a month/],
    [{ month: "2023-00" }, /is not a month/],
    [{ month: "23-09" }, /is not a month/],
    [{ month: "2023-9" }, /is not a month/],
    [{ month: "2023-12" }, /is in the future/],
    [{ month: "2023-09", since: "2023-09-01" }, /contradict/],
    [{ month: "2023-09", kind: "weekly" }, /contradict/],
  ])("refuses %j", (options, message) => {
    expect(() => resolvePeriod(options, NOW)).toThrow(InputError);
    expect(() => resolvePeriod(options, NOW)).toThrow(message);
  });
});

describe("updateItems", () => {
  it("takes a kind line's text and the bullets nested under it, continuation lines joined", () => {
    expect(
      updateItems([
        "- _achieved_: shipped X",
        "- _achieved_:",
        "  - first",
        "    still the first",
        "  * second",
        "- **next**: plan",
        "- _blockers_: fleet down",
        "- _risks_:",
        "\t- audit may slip",
        "A closing remark that belongs to no kind",
        "  - nor does this",
      ]),
    ).toEqual([
      { kind: "achieved", text: "shipped X" },
      { kind: "achieved", text: "first still the first" },
      { kind: "achieved", text: "second" },
      { kind: "next", text: "plan" },
      { kind: "blocker", text: "fleet down" },
      { kind: "risks", text: "audit may slip" },
    ]);
  });
});
