/**
 * The Pages workflow: schema-valid, least privilege (only the deploy job may publish), every action
 * pinned, the token only through the action's input, nightly and on demand.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { ROOT } from "../helpers/cli.js";

const FILE = join(ROOT, ".github", "workflows", "dashboard.yml");
const text = readFileSync(FILE, "utf8");

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string;
  permissions?: Record<string, string>;
  environment?: { name: string; url?: string };
  "timeout-minutes"?: number;
  steps: Step[];
}
const doc = parse(text) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency: { group: string; "cancel-in-progress": boolean };
  jobs: { build: Job; deploy: Job };
};

function validate(src: string): string[] {
  // The validator logs about globs it cannot check; keep the test output clean.
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  try {
    return validateWorkflow(src).errors.map((e) => JSON.stringify(e));
  } finally {
    log.mockRestore();
    warn.mockRestore();
  }
}

describe(".github/workflows/dashboard.yml", () => {
  it("passes the workflow schema (and a broken copy does not)", () => {
    expect(validate(text)).toEqual([]);
    expect(validate(text.replace("pages: write", "pages: publish")).length).toBeGreaterThan(0);
  });

  it("runs every night and on demand", () => {
    expect(Object.keys(doc.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    const schedule = doc.on.schedule as { cron: string }[];
    expect(schedule).toHaveLength(1);
    expect(schedule[0]!.cron.split(" ")).toHaveLength(5);
  });

  it("reads with contents: read; only the deploy job may write Pages and mint an OIDC token", () => {
    expect(doc.permissions).toEqual({ contents: "read" });
    expect(doc.jobs.build.permissions).toBeUndefined();
    expect(doc.jobs.deploy.permissions).toEqual({ pages: "write", "id-token": "write" });
    expect(doc.jobs.deploy.environment?.name).toBe("github-pages");
    expect(doc.jobs.deploy.needs).toBe("build");
    expect(doc.concurrency["cancel-in-progress"]).toBe(false);
  });

  it("builds the dashboard with waku-pm into the directory it uploads, then deploys it", () => {
    const pm = doc.jobs.build.steps.find((s) => s.uses?.startsWith("waku-org/waku-pm@"));
    expect(pm?.with?.command).toBe("dashboard");
    expect(pm?.with?.args).toBe("--out site");
    const upload = doc.jobs.build.steps.find((s) => s.uses?.startsWith("actions/upload-pages-artifact@"));
    expect(upload?.with?.path).toBe("site");
    const uses = doc.jobs.deploy.steps.map((s) => s.uses?.split("@")[0]);
    expect(uses).toEqual(["actions/configure-pages", "actions/deploy-pages"]);
  });

  it("pins every third-party action to a full commit SHA with a version comment", () => {
    const lines = text
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => /^(- )?uses:/.test(l));
    expect(lines).toHaveLength(6);
    for (const line of lines) {
      const [, name, ref] = /uses:\s*([^\s@]+)@(\S+)/.exec(line) ?? [];
      if (name === "waku-org/waku-pm") expect(ref, line).toMatch(/^v\d+$/);
      else {
        expect(ref, line).toMatch(/^[0-9a-f]{40}$/);
        expect(line).toMatch(/# v\d+\.\d+\.\d+$/);
      }
    }
  });

  it("passes the token only through the action's input, never on a command line", () => {
    const steps = [...doc.jobs.build.steps, ...doc.jobs.deploy.steps];
    expect(steps.filter((s) => s.run !== undefined)).toEqual([]);
    const withSecret = steps.filter((s) => JSON.stringify(s).includes("secrets."));
    expect(withSecret.map((s) => s.uses?.split("@")[0])).toEqual(["waku-org/waku-pm"]);
    expect(withSecret[0]?.with?.token).toBe(`\${{ secrets.WAKU_PM_TOKEN }}`);
    expect(text).toMatch(/^# Token: /m);
  });

  it("bounds every job's run time", () => {
    for (const job of Object.values(doc.jobs)) expect(job["timeout-minutes"]).toBeGreaterThan(0);
  });
});
