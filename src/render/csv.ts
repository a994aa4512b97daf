/**
 * CSV output (RFC 4180) that is safe to open in a spreadsheet. What makes one cell safe (no
 * escape sequences or controls, no formula) is `forCsvCell` in src/text/safety.ts.
 */
import { forCsvCell } from "../text/safety.js";

/** One cell; the old name of `forCsvCell`. */
export const csvCell = forCsvCell;

/** Rows joined with CRLF, as RFC 4180 says, ending with a line break. */
export function toCsv(rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return `${rows.map((row) => row.map(forCsvCell).join(",")).join("\r\n")}\r\n`;
}
