import type { Command } from "commander";
import { InputError } from "../errors.js";
import type { CommandRunner } from "../runtime.js";

// PLACEHOLDER: replaced by the issue that builds `check`.
export function registerCheck(program: Command, runner: CommandRunner): void {
  program
    .command("check")
    .description("(not built yet)")
    .action(
      runner(async () => {
        throw new InputError("check is not built yet");
      }),
    );
}
