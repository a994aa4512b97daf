import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

describe("waku-pm entry point", () => {
  it("prints help listing every command, exit 0", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    for (const command of ["lint", "sync-labels", "status", "report", "check"]) {
      expect(r.stdout).toContain(command);
    }
  });

  it("prints its version from package.json", async () => {
    const r = await runCli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("treats an unknown flag as bad input: exit 2 and a message naming it", async () => {
    const r = await runCli(["--bogus"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--bogus");
  });
});
