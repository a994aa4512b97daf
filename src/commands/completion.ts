/**
 * `waku-pm completion bash|zsh|fish`: prints a completion script for every command and flag. The
 * script is generated from the commander program itself (every command loaded), so a new flag
 * completes as soon as it exists.
 */
import { Argument, type Command } from "commander";
import { describeProgram } from "../completion/model.js";
import { completionScript, SHELLS, type Shell } from "../completion/scripts.js";
import type { Context } from "../context.js";
import type { ExitCode } from "../errors.js";
import type { CommandRunner, ProcessIO } from "../runtime.js";

const EXAMPLES = `
Examples:
  $ source <(waku-pm completion bash)                       this bash
  $ waku-pm completion bash > ~/.local/share/bash-completion/completions/waku-pm
  $ waku-pm completion zsh > "\${fpath[1]}/_waku-pm"         zsh (then restart it)
  $ waku-pm completion fish > ~/.config/fish/completions/waku-pm.fish
`;

export function registerCompletion(program: Command, runner: CommandRunner): void {
  program
    .command("completion")
    .description("print a shell completion script for every command and flag (bash, zsh or fish)")
    .addArgument(new Argument("<shell>", "the shell to complete in").choices(SHELLS))
    .addHelpText("after", EXAMPLES)
    .action((shell: Shell, ...rest: unknown[]) =>
      runner((ctx: Context) => runCompletion(ctx, shell))(...rest),
    );
}

/** A process that goes nowhere: building the program for its description must not print. */
const SILENT: ProcessIO = {
  stdout: { write: () => true },
  stderr: { write: () => true },
  env: {},
  cwd: ".",
  now: () => new Date(0),
  exitCode: undefined,
};

export async function runCompletion(ctx: Context, shell: Shell): Promise<ExitCode> {
  // The program this run parsed holds only this command (commands load lazily): build the whole one.
  const { buildProgram } = await import("../cli.js");
  const program = await buildProgram(SILENT);
  ctx.stdout.write(completionScript(shell, describeProgram(program)));
  return 0;
}
