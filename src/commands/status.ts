import type { Command } from "commander";
import { InputError } from "../errors.js";
import type { CommandRunner } from "../runtime.js";

// PLACEHOLDER: replaced by the issue that builds `status`.
export function registerStatus(program: Command, runner: CommandRunner): void {
  program
    .command("status")
    .description("(not built yet)")
    .action(
      runner(async () => {
        throw new InputError("status is not built yet");
      }),
    );
}
