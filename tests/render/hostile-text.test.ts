/**
 * Hostile text from GitHub, end to end (issue 10 "One text-safety module", issue 15 point 15):
 * titles and weekly-update comments holding terminal escapes, OSC 8 hyperlinks, NUL/CR, GitHub
 * Actions workflow commands and @mentions, run through `status` and `report` in-process
 * (`main(argv, io)`) against the simulator.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import type { Seed } from "../../src/simulator/seed.js";

const TOKEN = "ghp_hostile_text_token";
const NOW = "2024-03-11T09:00:00Z";
const ESC = "\u001b";
const BEL = "\u0007";

/** A task title carrying a colour code, an OSC 8 hyperlink, a NUL and a carriage return. */
const TASK_TITLE = `task ${ESC}[31mred${ESC}[0m ${ESC}]8;;https://evil.example${BEL}click${ESC}]8;;${BEL} nul\u0000 cr\r end`;
/** An epic without an epic label (so `status` warns, quoting its title) that tries to start a workflow command. */
const EVIL_EPIC_TITLE = `Evil\n::set-output name=pwned::${ESC}]0;owned${BEL}yes${ESC}[2J`;

const UPDATE = [
  "**Weekly Update**",
  "",
  "- _achieved_: shipped the API, thanks @alice and @acme-org/reviewers",
  "- _next_: publish `npm i @waku/sdk` and https://www.npmjs.com/package/@waku/sdk",
  "- _risks_:",
  "\t- vendor may slip",
  "\t\t- deeper detail",
  "::add-mask::Failed",
  "  ::stop-commands::pwn",
  "mail bob@example.com about ##[set-output name=x]y",
].join("\n");

function seed(): Seed {
  const labels = ["epic", "milestone", "E:a"].map((name) => ({ name, color: "ededed" }));
  return {
    org: "hostile-org",
    tokens: [TOKEN],
    repos: [
      {
        name: "pm",
        labels,
        milestones: [{ number: 1, title: "Launch", due_on: "2024-06-01T07:00:00Z" }],
        issues: [
          {
            number: 10,
            title: "[Epic] A",
            state: "open",
            labels: ["epic", "E:a"],
            milestone: 1,
            created_at: "2024-01-02T00:00:00Z",
            updated_at: "2024-03-08T12:00:00Z",
            comments: [{ user: "alice", body: UPDATE, created_at: "2024-03-08T12:00:00Z" }],
          },
          {
            number: 11,
            title: EVIL_EPIC_TITLE,
            state: "open",
            labels: ["epic"],
            milestone: 1,
            created_at: "2024-01-02T00:00:00Z",
            updated_at: "2024-01-02T00:00:00Z",
          },
        ],
      },
      {
        name: "api",
        labels,
        issues: [
          {
            number: 1,
            title: TASK_TITLE,
            state: "open",
            labels: ["E:a"],
            created_at: "2024-01-02T00:00:00Z",
            updated_at: "2024-01-02T00:00:00Z",
          },
        ],
      },
    ],
  };
}

let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: seed() });
  dir = mkdtempSync(join(tmpdir(), "waku-pm-hostile-"));
  writeFileSync(
    join(dir, "labels.yaml"),
    'org: hostile-org\npm_repo: pm\nepic_prefix: "E:"\nlabels:\n  - name: epic\n    color: 07544b\n',
  );
});
afterAll(async () => {
  await sim.close();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], env: Record<string, string> = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s), isTTY: false, columns: 80 },
    stderr: { write: (s: string) => (stderr += s), isTTY: false, columns: 80 },
    env: {
      GITHUB_API_URL: sim.url,
      GITHUB_TOKEN: TOKEN,
      WAKU_PM_NOW: NOW,
      WAKU_PM_CACHE_DIR: join(dir, "cache"),
      NO_COLOR: "1",
      ...env,
    },
    cwd: dir,
    now: () => new Date(NOW),
    exitCode: undefined,
  });
  return { code, stdout, stderr };
}

/** Lines as the GitHub Actions runner reads them: a bare CR ends a line too. */
function runnerLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Would the runner execute this line as a workflow command (`::cmd::` after leading spaces, or `##[` anywhere)? */
function isWorkflowCommand(line: string): boolean {
  return line.trimStart().startsWith("::") || line.includes("##[");
}

describe("status with hostile titles", () => {
  it("--format csv drops ESC, OSC 8 hyperlinks, NUL and CR from the cells", async () => {
    const r = await run(["status", "--milestone", "1", "--format", "csv"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(ESC);
    expect(r.stdout).not.toContain(BEL);
    expect(r.stdout).not.toContain("\u0000");
    // CRLF ends a row (RFC 4180); no other CR is left inside a cell.
    expect(r.stdout.replace(/\r\n/g, "\n")).not.toContain("\r");
    const row = r.stdout.split("\r\n").find((l) => l.includes(",api,") || l.includes("hostile-org/api"));
    expect(row).toContain(",task red click nul cr end,");
    expect(sim.violations).toEqual([]);
  });

  it("prints warnings quoting an epic title sanitised, and never as a workflow command under GitHub Actions", async () => {
    const r = await run(["status", "--milestone", "1"], { GITHUB_ACTIONS: "true" });
    expect(r.code).toBe(0);
    const warning = r.stderr.split("\n").find((l) => l.includes("#11"));
    expect(warning).toBeDefined();
    expect(warning).toContain("Evil ::set-output name=pwned::yes");
    expect(r.stderr).not.toContain(ESC);
    expect(r.stderr).not.toContain(BEL);
    expect(runnerLines(r.stderr).filter(isWorkflowCommand)).toEqual([]);
  });
});

describe("report with a hostile weekly update", () => {
  const WINDOW = ["--since", "2024-03-04", "--until", "2024-03-11"];

  it("keeps tab-indented nested bullets under - _risks_:, as the JSON does", async () => {
    const md = await run(["report", ...WINDOW]);
    expect(md.code).toBe(0);
    const lines = md.stdout.split("\n");
    const risks = lines.indexOf("- _risks_:");
    expect(risks).toBeGreaterThan(0);
    expect(lines.slice(risks + 1, risks + 3)).toEqual(["\t- vendor may slip", "\t\t- deeper detail"]);

    const json = await run(["report", ...WINDOW, "--json"]);
    expect(json.stdout).toContain(JSON.stringify("\t- vendor may slip"));
  });

  it("defuses @mentions and workflow-command lines, but leaves code, URLs and e-mail addresses alone", async () => {
    const r = await run(["report", ...WINDOW]);
    expect(r.code).toBe(0);
    const out = r.stdout;
    // Pasting the report must not ping anyone from an update's text.
    expect(out).toContain("thanks @\u200balice and @\u200bacme-org/reviewers");
    expect(out).not.toMatch(/(^|[^\w\u200b])@(alice|acme-org)\b/m);
    // Code spans and links keep their @ (GitHub does not ping inside them; a copied command must work).
    expect(out).toContain("`npm i @waku/sdk`");
    expect(out).toContain("https://www.npmjs.com/package/@waku/sdk");
    expect(out).toContain("bob@example.com");
    // Running the report in a GitHub Actions step must not execute anything.
    expect(runnerLines(out).filter(isWorkflowCommand)).toEqual([]);
    expect(out).toContain("add-mask::Failed");
    expect(sim.violations).toEqual([]);
  });
});
