/**
 * Writing a generated config to a file without ever clobbering one by surprise: the file is created
 * exclusively (`wx`), so an existing labels.yaml (perhaps the only copy of a team's label history)
 * is replaced only with --force, and a file that appears between a check and the write is not lost.
 */
import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { InputError } from "../errors.js";

function exists(file: string): InputError {
  return new InputError(
    `${file} already exists; nothing was written`,
    "Pass --force to overwrite it, or --out OTHER_FILE to write elsewhere.",
  );
}

/** Fails early, before any request, when `file` exists and `force` is not given. */
export function refuseExisting(cwd: string, file: string, force: boolean): void {
  if (!force && existsSync(resolve(cwd, file))) throw exists(file);
}

/** Writes `text` to `file` (relative to `cwd`); refuses an existing file unless `force`. */
export function writeNewFile(cwd: string, file: string, text: string, force: boolean): void {
  const path = resolve(cwd, file);
  try {
    writeFileSync(path, text, { encoding: "utf8", flag: force ? "w" : "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw exists(file);
    throw new InputError(
      `cannot write ${file} (${code ?? String(error)})`,
      "Check that the folder exists and is writable, or pass --out OTHER_FILE.",
    );
  }
}
