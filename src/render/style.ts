/**
 * Colour and terminal safety. The only place chalk is imported: everything else asks for a Style.
 */
import { Chalk, type ChalkInstance } from "chalk";
import type { Output } from "../context.js";

export type Style = ChalkInstance;

/** A chalk instance that colours only when the output allows it (TTY, NO_COLOR, FORCE_COLOR, --no-color). */
export function styleFor(output: Pick<Output, "color">): Style {
  return new Chalk({ level: output.color ? 1 : 0 });
}

// C0/C1 control characters, DEL, and whole ANSI/OSC escape sequences.
const ESCAPE_SEQUENCE =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text from GitHub (titles, label names, logins) is untrusted: strip escape sequences and control
 * characters before it reaches a terminal. Newlines and tabs become spaces so a title stays on its row.
 */
export function sanitizeForTerminal(text: string): string {
  return text
    .replace(ESCAPE_SEQUENCE, "")
    .replace(CONTROL, "")
    .replace(/[\n\t]/g, " ");
}
