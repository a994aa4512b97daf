/**
 * Runs the composite action's "Run waku-pm" step the way the runner does (bash -eo pipefail, inputs
 * resolved into `env:`), with a stand-in `node` that records what it was given. This shows what
 * reaches the command line and what stays in the environment.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "../helpers/cli.js";

interface ActionStep {
  name?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
}

interface ActionFile {
  inputs: Record<string, { default?: string }>;
  runs: { steps: ActionStep[] };
}

const ACTION = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as ActionFile;
const RUN_STEP = ACTION.runs.steps.find((s) => s.name === "Run waku-pm") as Required<ActionStep>;

/** The only expressions the step's env may use; anything else would need a real runner. */
function resolve(value: string, inputs: Record<string, string>, actionPath: string): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    if (expr === "github.action_path") return actionPath;
    const input = /^inputs\.([\w-]+)$/.exec(expr)?.[1];
    if (input !== undefined) return inputs[input] ?? ACTION.inputs[input]?.default ?? "";
    throw new Error(`unexpected expression in action.yml env: ${expr}`);
  });
}

interface Recorded {
  argv: string[];
  token: string | undefined;
}

/** Runs the step with a fake `node` first on PATH; returns its exit code, output and what node saw. */
function runStep(inputs: Record<string, string>): {
  code: number;
  stdout: string;
  recorded: Recorded | undefined;
  dir: string;
} {
  const dir = mkdtempSync(join(tmpdir(), "waku-pm-action-"));
  const record = join(dir, "record.json");
  const fakeNode = join(dir, "node");
  writeFileSync(
    fakeNode,
    `#!${process.execPath}\nrequire("node:fs").writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), token: process.env.GITHUB_TOKEN }));\n`,
  );
  chmodSync(fakeNode, 0o755);
  const env: Record<string, string> = { PATH: `${dir}:${process.env.PATH ?? ""}`, HOME: dir };
  for (const [k, v] of Object.entries(RUN_STEP.env)) env[k] = resolve(v, inputs, "/opt/actions/waku-pm");
  // GitHub runs `shell: bash` steps as `bash --noprofile --norc -eo pipefail {0}`.
  const script = join(dir, "step.sh");
  writeFileSync(script, RUN_STEP.run);
  const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
    env,
    cwd: dir,
    encoding: "utf8",
  });
  const recorded = existsSync(record) ? (JSON.parse(readFileSync(record, "utf8")) as Recorded) : undefined;
  return { code: result.status ?? -1, stdout: result.stdout, recorded, dir };
}

describe("the action's run step", () => {
  it("runs the command with the default config, the token only in the environment", () => {
    const token = "ghp_not_a_real_token_0123456789";
    const r = runStep({ token });
    expect(r.code).toBe(0);
    expect(r.recorded?.argv).toEqual([
      "/opt/actions/waku-pm/bin/waku-pm.js",
      "check",
      "--config",
      "labels.yaml",
    ]);
    expect(r.recorded?.token).toBe(token);
    expect(JSON.stringify(r.recorded?.argv)).not.toContain(token);
  });

  it("passes the chosen command, config and extra flags, split on spaces", () => {
    const r = runStep({
      token: "t",
      command: "sync-labels",
      config: ".github/labels.yml",
      args: "--repo nwaku  --repo js-waku --json",
    });
    expect(r.code).toBe(0);
    expect(r.recorded?.argv.slice(1)).toEqual([
      "sync-labels",
      "--config",
      ".github/labels.yml",
      "--repo",
      "nwaku",
      "--repo",
      "js-waku",
      "--json",
    ]);
  });

  it("treats input values as data: no command substitution, no globbing", () => {
    const r = runStep({ token: "t", args: "--org $(touch pwned) *", config: "a b.yaml" });
    expect(r.code).toBe(0);
    expect(existsSync(join(r.dir, "pwned"))).toBe(false);
    expect(r.recorded?.argv.slice(1)).toEqual([
      "check",
      "--config",
      "a b.yaml",
      "--org",
      "$(touch",
      "pwned)",
      "*",
    ]);
  });

  it("refuses an unknown command with an annotation, before running anything", () => {
    const r = runStep({ token: "t", command: "deploy" });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("::error");
    expect(r.stdout).toContain("deploy");
    expect(r.recorded).toBeUndefined();
  });
});
