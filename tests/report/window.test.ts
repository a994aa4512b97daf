import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { resolveWindow } from "../../src/report/window.js";

const NOW = new Date("2023-11-27T10:00:00Z");

describe("report window", () => {
  it("defaults to the 7 days before now", () => {
    const w = resolveWindow({}, NOW);
    expect(w.until.toISOString()).toBe("2023-11-27T10:00:00.000Z");
    expect(w.since.toISOString()).toBe("2023-11-20T10:00:00.000Z");
  });

  it("counts Nd back from --until, and reads bare dates as midnight UTC", () => {
    const w = resolveWindow({ since: "14d", until: "2023-11-27" }, NOW);
    expect(w.until.toISOString()).toBe("2023-11-27T00:00:00.000Z");
    expect(w.since.toISOString()).toBe("2023-11-13T00:00:00.000Z");
  });

  it("accepts ISO date-times with and without a zone", () => {
    const w = resolveWindow({ since: "2023-11-20T09:30:00+02:00", until: "2023-11-27T12:00" }, NOW);
    expect(w.since.toISOString()).toBe("2023-11-20T07:30:00.000Z");
    expect(w.until.toISOString()).toBe("2023-11-27T12:00:00.000Z");
  });

  it.each([
    [{ since: "last week" }, "--since"],
    [{ since: "2023-02-30" }, "--since"],
    [{ until: "27/11/2023" }, "--until"],
    [{ until: "2023-11-27T25:00:00Z" }, "--until"],
    [{ since: "0d" }, "--since"],
    [{ since: "2023-11-28", until: "2023-11-27" }, "--since"],
  ])("rejects %j naming %s", (options, flag) => {
    try {
      resolveWindow(options, NOW);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).exitCode).toBe(2);
      expect((error as Error).message).toContain(flag);
    }
  });
});
