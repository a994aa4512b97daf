import type { Command } from "commander";
import { InputError } from "../errors.js";
import type { CommandRunner } from "../runtime.js";

// PLACEHOLDER: replaced by the issue that builds `report`.
export function registerReport(program: Command, runner: CommandRunner): void {
  program
    .command("report")
    .description("(not built yet)")
    .action(
      runner(async () => {
        throw new InputError("report is not built yet");
      }),
    );
}
