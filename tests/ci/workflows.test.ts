/**
 * The ready-made workflows and the composite action: schema-valid, least privilege, every action
 * pinned, and no secret ever on a command line.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type ValidationState, validateAction, validateWorkflow } from "@action-validator/core";
import { describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { ROOT } from "../helpers/cli.js";

const WORKFLOW_DIR = join(ROOT, ".github", "workflows");
const WORKFLOWS = ["labels-lint.yml", "labels-sync.yml", "pm-check.yml"];

/** A GitHub Actions expression as written in YAML, e.g. `${{ github.token }}`. */
function expression(body: string): string {
  return `\${{ ${body} }}`;
}

function read(path: string): string {
  return readFileSync(path, "utf8");
}

/** The validator warns on stdout that it cannot check globs in `paths`; keep the test log clean. */
function quietly(validate: (src: string) => ValidationState, src: string): ValidationState {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    return validate(src);
  } finally {
    warn.mockRestore();
    log.mockRestore();
  }
}

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  concurrency?: { group: string; "cancel-in-progress"?: boolean };
  jobs: Record<string, { permissions?: unknown; steps: Step[]; "timeout-minutes"?: number }>;
}

function workflow(name: string): { text: string; doc: Workflow } {
  const text = read(join(WORKFLOW_DIR, name));
  return { text, doc: parse(text) as Workflow };
}

function action(): {
  text: string;
  doc: { inputs: Record<string, { default?: string }>; runs: { steps: Step[] } };
} {
  const text = read(join(ROOT, "action.yml"));
  return { text, doc: parse(text) };
}

function allSteps(): { file: string; step: Step }[] {
  const steps = WORKFLOWS.flatMap((file) =>
    Object.values(workflow(file).doc.jobs).flatMap((job) => job.steps.map((step) => ({ file, step }))),
  );
  return [...steps, ...action().doc.runs.steps.map((step) => ({ file: "action.yml", step }))];
}

/** Every `uses:` line as written, with its trailing comment. */
function usesLines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^(- )?uses:/.test(l));
}

describe("workflows and action", () => {
  it("ships exactly the three workflows, and the dashboard's (tested in tests/dashboard/workflow.test.ts)", () => {
    // The dashboard's deploy job must widen permissions (pages, id-token), so it is not held to WORKFLOWS' rules.
    expect(readdirSync(WORKFLOW_DIR).sort()).toEqual([...WORKFLOWS, "dashboard.yml"].sort());
  });

  it.each(WORKFLOWS)("%s passes the workflow schema", (file) => {
    expect(quietly(validateWorkflow, workflow(file).text).errors).toEqual([]);
  });

  it("action.yml passes the action schema", () => {
    expect(quietly(validateAction, action().text).errors).toEqual([]);
  });

  it("the validator does reject broken files (so the checks above can fail)", () => {
    const noRunner = workflow("pm-check.yml").text.replace("runs-on: ubuntu-latest", "");
    expect(quietly(validateWorkflow, noRunner).errors.length).toBeGreaterThan(0);
    const badPermission = workflow("pm-check.yml").text.replace("contents: read", "contents: admin");
    expect(quietly(validateWorkflow, badPermission).errors.length).toBeGreaterThan(0);
    const badAction = action().text.replace("using: composite", "using: compost");
    expect(quietly(validateAction, badAction).errors.length).toBeGreaterThan(0);
  });

  it.each(WORKFLOWS)("%s grants only contents: read, and no job widens it", (file) => {
    const { doc } = workflow(file);
    expect(doc.permissions).toEqual({ contents: "read" });
    for (const job of Object.values(doc.jobs)) expect(job.permissions).toBeUndefined();
  });

  it.each(WORKFLOWS)("%s bounds its run time", (file) => {
    for (const job of Object.values(workflow(file).doc.jobs)) {
      expect(job["timeout-minutes"]).toBeGreaterThan(0);
    }
  });

  it("pins every third-party action to a full commit SHA with a version comment", () => {
    const lines = [...WORKFLOWS.flatMap((f) => usesLines(workflow(f).text)), ...usesLines(action().text)];
    expect(lines.length).toBeGreaterThanOrEqual(7);
    for (const line of lines) {
      const ref = /uses:\s*([^\s@]+)@(\S+)/.exec(line);
      expect(ref, `${line}: no @ref`).not.toBeNull();
      const [, name, version] = ref as unknown as [string, string, string];
      expect(["main", "master", "HEAD", "latest"]).not.toContain(version);
      if (name === "waku-org/waku-pm") {
        // waku-pm's own action: its release tag (the comment says to move to a SHA once released).
        expect(version, line).toMatch(/^v\d+(\.\d+){0,2}$/);
      } else {
        expect(version, line).toMatch(/^[0-9a-f]{40}$/);
        expect(line, line).toMatch(/# v\d+\.\d+\.\d+$/);
      }
    }
  });

  it("never puts a secret or the token on a command line", () => {
    for (const { file, step } of allSteps()) {
      if (step.run === undefined) continue;
      expect(step.run, file).not.toMatch(/\$\{\{\s*(secrets\.|inputs\.token|github\.token)/);
      // No input is spliced into a script either: inputs reach scripts through `env:` only.
      expect(step.run, file).not.toMatch(/\$\{\{\s*inputs\./);
    }
    const runStep = action().doc.runs.steps.find((s) => s.run?.includes("waku-pm"));
    expect(runStep?.env?.GITHUB_TOKEN).toBe(expression("inputs.token"));
  });

  it("the secret token is passed only through the action's token input", () => {
    for (const file of ["labels-sync.yml", "pm-check.yml"]) {
      const steps = Object.values(workflow(file).doc.jobs).flatMap((j) => j.steps);
      const pm = steps.find((s) => s.uses?.startsWith("waku-org/waku-pm@"));
      expect(pm?.with?.token, file).toBe(expression("secrets.WAKU_PM_TOKEN"));
    }
  });

  it("explains in each workflow which token to create", () => {
    for (const file of WORKFLOWS) {
      expect(workflow(file).text, file).toMatch(/^# .*[Tt]oken/m);
    }
    expect(workflow("labels-sync.yml").text).toContain("Issues: Read and write");
    expect(workflow("labels-sync.yml").text).toContain("Metadata: Read-only");
  });

  it("lint runs on pull requests that touch the label file", () => {
    const { doc } = workflow("labels-lint.yml");
    expect(Object.keys(doc.on)).toEqual(["pull_request"]);
    expect((doc.on.pull_request as { paths: string[] }).paths).toContain("labels.yaml");
    const step = Object.values(doc.jobs)[0]?.steps.find((s) => s.uses?.startsWith("waku-org/waku-pm@"));
    expect(step?.with?.command).toBe("lint");
  });

  it("sync runs on pushes to main touching the label file, never two at once", () => {
    const { doc } = workflow("labels-sync.yml");
    const push = doc.on.push as { branches: string[]; paths: string[] };
    expect(push.branches).toEqual(["main"]);
    expect(push.paths).toContain("labels.yaml");
    expect(doc.concurrency?.group).toBeTruthy();
    // Cancelling a sync half-way would leave some repositories updated and others not.
    expect(doc.concurrency?.["cancel-in-progress"]).toBe(false);
    const step = Object.values(doc.jobs)[0]?.steps.find((s) => s.uses?.startsWith("waku-org/waku-pm@"));
    expect(step?.with?.command).toBe("sync-labels");
  });

  it("check runs nightly and on demand", () => {
    const { doc } = workflow("pm-check.yml");
    expect(doc.on).toHaveProperty("workflow_dispatch");
    const schedule = doc.on.schedule as { cron: string }[];
    expect(schedule).toHaveLength(1);
    expect(schedule[0]?.cron.split(" ")).toHaveLength(5);
    const step = Object.values(doc.jobs)[0]?.steps.find((s) => s.uses?.startsWith("waku-org/waku-pm@"));
    expect(step?.with?.command).toBe("check");
  });

  it("the action's inputs have the documented defaults", () => {
    const { inputs } = action().doc;
    expect(inputs.command?.default).toBe("check");
    expect(inputs.config?.default).toBe("labels.yaml");
    expect(inputs.token?.default).toBe(expression("github.token"));
    expect(inputs).toHaveProperty("args");
  });

  it("the action builds with dev dependencies (tsc) before running", () => {
    const build = action().doc.runs.steps.find((s) => s.run?.includes("npm run build"));
    expect(build?.run).toMatch(/npm ci[^\n]*\n[\s\S]*npm run build/);
    expect(build?.run).not.toMatch(/npm ci[^\n]*--omit=dev/);
    expect((build as { "working-directory"?: string })["working-directory"]).toBe(
      expression("github.action_path"),
    );
  });
});
