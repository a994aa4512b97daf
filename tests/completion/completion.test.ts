/**
 * `waku-pm completion bash|zsh|fish`: every command and every flag of the real program is in each
 * script, bash accepts the script and completes with it (sourced in a real bash), and zsh and fish
 * check theirs when installed (skipped, saying so, when not).
 */
import { spawnSync } from "node:child_process";
import { Option } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli.js";
import { describeProgram, spellings } from "../../src/completion/model.js";
import { completionScript } from "../../src/completion/scripts.js";
import { fakeIO, runMain } from "../helpers/process-io.js";

const has = (shell: string) => spawnSync(shell, ["-c", "true"], { stdio: "ignore" }).status === 0;
const HAS_ZSH = has("zsh");
const HAS_FISH = has("fish");

async function model() {
  return describeProgram(await buildProgram(fakeIO()));
}

/** Sources the bash script and completes `line` (the cursor at its end), as bash's completion would. */
function completeInBash(script: string, line: string): string[] {
  const words = line.split(" ");
  const program = `${script}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")})
COMP_CWORD=${words.length - 1}
_waku_pm
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync("bash", ["--norc", "--noprofile", "-c", program], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  return r.stdout.split("\n").filter(Boolean);
}

describe("completion", () => {
  it("lists every command and each command's every flag, in all three shells", async () => {
    const m = await model();
    const names = m.commands.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(["lint", "sync-labels", "status", "report", "check", "completion"]),
    );
    const bash = completionScript("bash", m);
    const zsh = completionScript("zsh", m);
    const fish = completionScript("fish", m);
    for (const command of m.commands) {
      const caseLine = bash.split("\n").find((l) => l.startsWith(`    ${command.name}) words="`));
      expect(caseLine, command.name).toBeDefined();
      for (const flag of [...command.flags, ...m.globalFlags]) {
        for (const spelling of spellings(flag)) {
          expect(caseLine!.split(/[" ]/), `bash: ${command.name} ${spelling}`).toContain(spelling);
          expect(zsh, `zsh: ${command.name} ${spelling}`).toContain(`${spelling}[`);
        }
        if (flag.long) expect(fish, `fish: ${flag.long}`).toContain(`-l ${flag.long.slice(2)}`);
      }
      expect(zsh).toContain(`    '${command.name}:`);
      expect(fish).toContain(`-a ${command.name} -d`);
    }
  });

  it("is generated from the program: a flag added to a command completes at once", async () => {
    const program = await buildProgram(fakeIO());
    program.commands
      .find((c) => c.name() === "status")!
      .addOption(new Option("--brand-new <file>", "just added"));
    const script = completionScript("bash", describeProgram(program));
    expect(completeInBash(script, "waku-pm status --brand")).toEqual(["--brand-new"]);
  });

  it("bash accepts the script the CLI prints and completes commands, flags and values with it", async () => {
    const r = await runMain(["completion", "bash"]);
    expect(r.code).toBe(0);
    expect(spawnSync("bash", ["-n"], { input: r.stdout }).status).toBe(0);
    expect(completeInBash(r.stdout, "waku-pm sy")).toEqual(["sync-labels"]);
    expect(completeInBash(r.stdout, "waku-pm sync-labels --dr")).toEqual(["--dry-run"]);
    expect(completeInBash(r.stdout, "waku-pm --org waku-org st")).toEqual(["status"]);
    expect(completeInBash(r.stdout, "waku-pm status --format ")).toEqual([
      "table",
      "markdown",
      "json",
      "csv",
    ]);
    expect(completeInBash(r.stdout, "waku-pm completion ")).toEqual(
      expect.arrayContaining(["bash", "zsh", "fish"]),
    );
    expect(completeInBash(r.stdout, "waku-pm help exp")).toEqual(["export-labels"]);
    // A free-text value (an organisation) completes to nothing rather than to flags.
    expect(completeInBash(r.stdout, "waku-pm status --org ")).toEqual([]);
  });

  it.skipIf(!HAS_ZSH)(
    `zsh -n accepts the zsh script${HAS_ZSH ? "" : " (skipped: zsh is not installed)"}`,
    async () => {
      const r = await runMain(["completion", "zsh"]);
      expect(r.code).toBe(0);
      const check = spawnSync("zsh", ["-n"], { input: r.stdout, encoding: "utf8" });
      expect(check.stderr).toBe("");
      expect(check.status).toBe(0);
    },
  );

  it.skipIf(!HAS_FISH)(
    `fish --no-execute accepts the fish script${HAS_FISH ? "" : " (skipped: fish is not installed)"}`,
    async () => {
      const r = await runMain(["completion", "fish"]);
      expect(r.code).toBe(0);
      const check = spawnSync("fish", ["--no-execute"], { input: r.stdout, encoding: "utf8" });
      expect(check.stderr).toBe("");
      expect(check.status).toBe(0);
    },
  );

  it("quotes descriptions so no shell can run them", async () => {
    const program = await buildProgram(fakeIO());
    program.commands
      .find((c) => c.name() === "lint")!
      .addOption(new Option("--evil", 'it\'s $(touch /tmp/pwned) `id` [x]: \\ "q"'));
    const m = describeProgram(program);
    const fish = completionScript("fish", m);
    expect(fish).toContain("-l evil -d 'it\\'s $(touch /tmp/pwned) `id` [x]: \\\\ \"q\"'");
    const zsh = completionScript("zsh", m);
    expect(zsh).toContain("'--evil[it'\\''s $(touch /tmp/pwned) `id` \\[x\\]\\: \\\\ \"q\"]'");
    expect(spawnSync("bash", ["-n"], { input: completionScript("bash", m) }).status).toBe(0);
  });

  it("an unknown shell is bad input that names the ones it knows", async () => {
    const r = await runMain(["completion", "powershell"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("bash, zsh, fish");
  });
});
