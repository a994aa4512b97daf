import { describe, expect, it } from "vitest";
import { isWeeklyUpdate, parseWeeklyUpdate } from "../../src/report/parse-update.js";

describe("weekly update detection", () => {
  it.each([
    "**Weekly Update**\n\n- _achieved_: a",
    "weekly update:\n- _achieved_: a",
    "**Weekly update**:\n- _achieved_: a",
    "**Weekly Update:**\n- _achieved_: a",
    "__Weekly Update__\n- _achieved_: a",
    "WEEKLY UPDATE\n- _achieved_: a",
    "\n\n  **Weekly  Update**  \r\n- _achieved_: a",
    "\uFEFF**Weekly Update**\n- a",
  ])("recognises the heading variant %j", (body) => {
    expect(isWeeklyUpdate(body)).toBe(true);
  });

  it.each([
    "LGTM, thanks!",
    "Weekly updates are great",
    "Weekly update of the dependencies is done",
    "Here is my weekly update:\n- _achieved_: a",
    "- _achieved_: a\n\n**Weekly Update**",
    "",
    "   \n  ",
  ])("rejects the ordinary comment %j", (body) => {
    expect(isWeeklyUpdate(body)).toBe(false);
  });

  it("keeps the lines after the heading as written, dropping blank edges and trailing spaces", () => {
    const parsed = parseWeeklyUpdate(
      "**Weekly Update**\n\n- _achieved_: merged [#12](https://x/12) `code`   \n- _next_: deploy\n\n",
    );
    expect(parsed?.lines).toEqual(["- _achieved_: merged [#12](https://x/12) `code`", "- _next_: deploy"]);
  });

  it("keeps text after the colon on the heading line as the first line", () => {
    expect(parseWeeklyUpdate("Weekly update: shipped the RLN release\n- _next_: docs")?.lines).toEqual([
      "shipped the RLN release",
      "- _next_: docs",
    ]);
  });

  it("detects which template lines are present, in their common spellings", () => {
    expect(
      parseWeeklyUpdate(
        "**Weekly Update**\n- _achieved_: a\n* **next**: b\n- blockers: c\n- _risks_: d\n- random: e",
      )?.kinds.sort(),
    ).toEqual(["achieved", "blocker", "next", "risks"]);
    expect(parseWeeklyUpdate("**Weekly Update**\n- did some things")?.kinds).toEqual([]);
  });
});
