/**
 * What a shell completion needs to know about the CLI, read from the commander program itself
 * (the same options `--help` lists, through commander's public Help API), so a completion script
 * cannot drift from the flags the CLI accepts.
 */
import type { Command, Option } from "commander";

export interface FlagSpec {
  /** `--config`; every flag waku-pm has a long form, `-h`/`-V` also a short one. */
  long: string | undefined;
  short: string | undefined;
  description: string;
  /** What follows the flag: nothing, a file, one of some words, or free text. */
  value:
    | { kind: "none" }
    | { kind: "file" }
    | { kind: "choices"; choices: string[] }
    | { kind: "text"; name: string };
  /** Given more than once (`--repo a --repo b`). */
  repeatable: boolean;
}

export interface CommandSpec {
  name: string;
  description: string;
  flags: FlagSpec[];
  /** Words the positional arguments take (`completion bash|zsh|fish`, `help COMMAND`). */
  words: string[];
}

export interface CompletionModel {
  program: string;
  globalFlags: FlagSpec[];
  commands: CommandSpec[];
}

/** Value names that mean a path on disk. */
const FILE_VALUES = /^(file|path|dir|directory|out)$/i;

function flagOf(option: Option): FlagSpec {
  const valueName = option.flags.match(/[<[]([^>\]]+)[>\]]/)?.[1]?.replace(/\.\.\.$/, "");
  let value: FlagSpec["value"] = { kind: "none" };
  if (option.required || option.optional) {
    if (option.argChoices && option.argChoices.length > 0)
      value = { kind: "choices", choices: [...option.argChoices] };
    else if (valueName && FILE_VALUES.test(valueName)) value = { kind: "file" };
    else value = { kind: "text", name: valueName ?? "value" };
  }
  return {
    long: option.long,
    short: option.short,
    description: option.description,
    value,
    // A custom parser is how commander collects repeated values (sync-labels --repo).
    repeatable: option.variadic || (value.kind !== "none" && option.parseArg !== undefined),
  };
}

export function describeProgram(program: Command): CompletionModel {
  const help = program.createHelp();
  const globalFlags = help.visibleOptions(program).map(flagOf);
  const visible = help.visibleCommands(program);
  const names = visible.map((c) => c.name()).filter((n) => n !== "help");
  const commands = visible.map((command): CommandSpec => {
    const own = command.createHelp().visibleOptions(command).map(flagOf);
    const words =
      command.name() === "help"
        ? names
        : command.registeredArguments.flatMap((argument) => argument.argChoices ?? []);
    return { name: command.name(), description: command.description(), flags: own, words };
  });
  return { program: program.name(), globalFlags, commands };
}

/** Every spelling of a flag: `-h`, `--help`. */
export function spellings(flag: FlagSpec): string[] {
  return [flag.short, flag.long].filter((s): s is string => s !== undefined);
}
