/**
 * The `gh auth token` fallback: a fake `gh` on PATH stands in for GitHub CLI, recording how it was
 * asked, so these tests show which host the token is asked for and that anything but one clean
 * token on a zero exit gives nothing.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ghAuthToken, ghHostname } from "../../src/github/token.js";

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder holding an executable `gh` with this shell body; returns the folder and the args file. */
function fakeGh(body: string): { dir: string; argsFile: string } {
  const dir = mkdtempSync(join(tmpdir(), "waku-pm-fake-gh-"));
  dirs.push(dir);
  const argsFile = join(dir, "args");
  writeFileSync(join(dir, "gh"), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\n${body}\n`);
  chmodSync(join(dir, "gh"), 0o755);
  return { dir, argsFile };
}

const env = (dir: string) => ({ PATH: `${dir}:/usr/bin:/bin`, HOME: dir });

describe("ghAuthToken", () => {
  it("returns the token gh prints, asked for github.com when the API is api.github.com", () => {
    const { dir, argsFile } = fakeGh("echo gho_fromGhCli123");
    expect(ghAuthToken({ apiUrl: "https://api.github.com", env: env(dir) })).toBe("gho_fromGhCli123");
    expect(readFileSync(argsFile, "utf8").trim().split("\n")).toEqual([
      "auth",
      "token",
      "--hostname",
      "github.com",
    ]);
  });

  it("asks for the Enterprise host, never github.com, when the API is elsewhere", () => {
    const { dir, argsFile } = fakeGh("echo ghe_token");
    expect(ghAuthToken({ apiUrl: "https://ghe.example.com/api/v3", env: env(dir) })).toBe("ghe_token");
    expect(readFileSync(argsFile, "utf8")).toContain("ghe.example.com");
    expect(readFileSync(argsFile, "utf8")).not.toContain("github.com\n");
  });

  it("gives nothing when gh is not installed", () => {
    const dir = mkdtempSync(join(tmpdir(), "waku-pm-no-gh-"));
    dirs.push(dir);
    expect(ghAuthToken({ apiUrl: "https://api.github.com", env: { PATH: dir } })).toBeUndefined();
  });

  it("gives nothing when gh is not logged in (exit 1), whatever it printed", () => {
    const { dir } = fakeGh("echo gho_partial; echo 'no oauth token found for github.com' >&2; exit 1");
    expect(ghAuthToken({ apiUrl: "https://api.github.com", env: env(dir) })).toBeUndefined();
  });

  it("gives nothing when gh hangs past the deadline", () => {
    const { dir } = fakeGh("exec sleep 30");
    expect(ghAuthToken({ apiUrl: "https://api.github.com", env: env(dir), timeoutMs: 200 })).toBeUndefined();
  });

  it("gives nothing when gh prints more than one token", () => {
    const { dir } = fakeGh("printf 'gho_one\\ngho_two\\n'");
    expect(ghAuthToken({ apiUrl: "https://api.github.com", env: env(dir) })).toBeUndefined();
  });

  it("does not prompt: gh runs with prompts disabled", () => {
    const { dir } = fakeGh('[ "$GH_PROMPT_DISABLED" = 1 ] && echo gho_quiet');
    expect(ghAuthToken({ apiUrl: "https://api.github.com", env: env(dir) })).toBe("gho_quiet");
  });
});

describe("ghHostname", () => {
  it("maps each kind of API URL to the host gh stores the login under", () => {
    expect(ghHostname("https://api.github.com/")).toBe("github.com");
    expect(ghHostname("https://api.acme.ghe.com")).toBe("acme.ghe.com");
    expect(ghHostname("https://git.corp.example/api/v3")).toBe("git.corp.example");
    expect(ghHostname("http://127.0.0.1:4321")).toBe("127.0.0.1:4321");
    expect(ghHostname("not a url")).toBeUndefined();
  });
});
