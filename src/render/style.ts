/**
 * Colour. The only place chalk is imported: everything else asks for a Style.
 */
import { Chalk, type ChalkInstance } from "chalk";
import type { Output } from "../context.js";

export type Style = ChalkInstance;

/** A chalk instance that colours only when the output allows it (TTY, NO_COLOR, FORCE_COLOR, --no-color). */
export function styleFor(output: Pick<Output, "color">): Style {
  return new Chalk({ level: output.color ? 1 : 0 });
}

/**
 * Untrusted text for a terminal, one line. Kept under its old name for the modules that still
 * import it from here; new code imports `forTerminal` from src/text/safety.ts, which has no
 * dependencies (github/client.ts should, to end the client → render → chalk import).
 */
export { forTerminal as sanitizeForTerminal } from "../text/safety.js";
