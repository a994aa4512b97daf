import type { Command } from "commander";
import { InputError } from "../errors.js";
import type { CommandRunner } from "../runtime.js";

// PLACEHOLDER: replaced by the issue that builds `lint`.
export function registerLint(program: Command, runner: CommandRunner): void {
  program
    .command("lint")
    .description("(not built yet)")
    .action(
      runner(async () => {
        throw new InputError("lint is not built yet");
      }),
    );
}
