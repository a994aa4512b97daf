import type { Command } from "commander";
import { InputError } from "../errors.js";
import type { CommandRunner } from "../runtime.js";

// PLACEHOLDER: replaced by the issue that builds `sync-labels`.
export function registerSyncLabels(program: Command, runner: CommandRunner): void {
  program
    .command("sync-labels")
    .description("(not built yet)")
    .action(
      runner(async () => {
        throw new InputError("sync-labels is not built yet");
      }),
    );
}
