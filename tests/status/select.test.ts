import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import type { Epic, Milestone } from "../../src/model/work.js";
import { normaliseTitle, selectEpic, selectMilestone } from "../../src/status/select.js";

const m = (number: number, title: string, state: Milestone["state"] = "open"): Milestone => ({
  number,
  title,
  url: `u${number}`,
  dueOn: null,
  state,
  description: null,
});
const milestones = [
  m(1, "Waku Network Gen 0"),
  m(2, "Support Many Platforms"),
  m(3, "Quality Assurance processes are in place"),
  m(4, "Waku Network can Support 1 Million Users", "closed"),
];

function failure(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("selectMilestone", () => {
  it.each(["1", "#1", "Waku Network Gen 0", "waku network gen 0", "gen0", "GEN 0", "gen-0", " Gen 0 "])(
    "%j picks milestone 1",
    (sel) => {
      expect(selectMilestone(milestones, sel).number).toBe(1);
    },
  );

  it("resolves a short name from the config", () => {
    expect(selectMilestone(milestones, "qa", { qa: "Quality Assurance processes are in place" }).number).toBe(
      3,
    );
    expect(selectMilestone(milestones, "QA", { qa: "Quality Assurance processes are in place" }).number).toBe(
      3,
    );
  });

  it("finds closed milestones too", () => {
    expect(selectMilestone(milestones, "million").number).toBe(4);
  });

  it("refuses an ambiguous fragment, listing only the candidates (exit 2)", () => {
    const e = failure(() => selectMilestone(milestones, "waku network"));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("1: Waku Network Gen 0");
    expect(e.message).toContain("4: Waku Network can Support 1 Million Users (closed)");
    expect(e.message).not.toContain("Support Many Platforms");
  });

  it("refuses an unknown selector, listing every milestone", () => {
    const e = failure(() => selectMilestone(milestones, "gen 7"));
    expect(e.exitCode).toBe(2);
    for (const ms of milestones) expect(e.message).toContain(ms.title);
  });

  it("refuses an unknown number and a short name whose title is gone", () => {
    expect(failure(() => selectMilestone(milestones, "9")).message).toMatch(/no milestone number 9/);
    expect(failure(() => selectMilestone(milestones, "x", { x: "Gone" })).message).toMatch(/"Gone"/);
  });

  it("ignores punctuation only, not content", () => {
    expect(normaliseTitle("Waku Network: Gen-0!")).toBe("wakunetworkgen0");
    expect(failure(() => selectMilestone(milestones, "!!!")).exitCode).toBe(2);
  });
});

describe("selectEpic", () => {
  const epic = (number: number, labels: string[]): Epic => ({
    number,
    title: `Epic ${number}`,
    url: "",
    state: "open",
    labels: ["epic", ...labels],
    milestone: 1,
    assignees: [],
  });
  const epics = [epic(62, ["E:1.1 Network requirements"]), epic(63, ["E:1.2 Autosharding"])];

  it("by number or by label ignoring case", () => {
    expect(selectEpic(epics, "63", "E:").number).toBe(63);
    expect(selectEpic(epics, "#62", "E:").number).toBe(62);
    expect(selectEpic(epics, "e:1.2 autosharding", "E:").number).toBe(63);
  });

  it("refuses an unknown one listing the epics", () => {
    const e = failure(() => selectEpic(epics, "E:9", "E:"));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("#62 E:1.1 Network requirements");
  });
});
