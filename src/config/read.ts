/**
 * Reading the config file's bytes, safely whatever the path names: a pull request can turn
 * labels.yaml into a symlink to /dev/zero, and --config can name a FIFO. So the file is opened
 * without blocking, checked to be a regular file on the open descriptor (no race with a swap
 * between a stat and the open), and read with a bound. Decoding is strict UTF-8, and a file that
 * is not UTF-8 is reported at the line and column of its first bad byte.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { InputError } from "../errors.js";

/**
 * The largest config file read: 1 MiB. waku-org/pm's 59 labels take 5 KB, and 1,000 labels
 * (MAX_LABELS) with long descriptions about 200 KB, so a larger file is a mistake or an attack.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * The file's bytes; at most MAX_CONFIG_BYTES + 1, so a caller can tell "too large" without the
 * whole file (or an endless device) being read. Throws InputError for what is not a readable
 * regular file.
 */
export function readConfigFile(path: string, shown: string): Uint8Array {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, for ever.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw cannotRead(shown, error);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      throw new InputError(
        `${shown}: is ${kindOfFile(stats)}, not a regular file; waku-pm reads its config only from a regular file`,
        "Pass a YAML file with --config FILE.",
      );
    }
    // fstat's size may be stale or 0 (a file being written, /proc): read until EOF or the bound.
    let buffer = Buffer.alloc(Math.min(stats.size, MAX_CONFIG_BYTES) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > MAX_CONFIG_BYTES) break;
        const bigger = Buffer.alloc(Math.min(buffer.length * 2, MAX_CONFIG_BYTES + 1));
        buffer.copy(bigger);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw cannotRead(shown, error);
  } finally {
    closeSync(fd);
  }
}

function cannotRead(shown: string, error: unknown): InputError {
  const reason = error instanceof Error && "code" in error ? String(error.code) : String(error);
  return new InputError(
    `cannot read the config file ${shown} (${reason})`,
    "Pass a readable YAML file with --config FILE.",
  );
}

function kindOfFile(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "something other than a file";
}

export type Decoded = { text: string } | { error: { line: number; column: number; message: string } };

/** Strict UTF-8 decoding; on failure, where the first bad byte is (columns as yaml counts them). */
export function decodeConfigBytes(bytes: Uint8Array): Decoded {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    // fall through: find where, for the message
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      error: {
        line: 1,
        column: 1,
        message: "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8",
      },
    };
  }
  const offset = firstInvalidUtf8(bytes);
  const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
  const before = new TextDecoder("utf-8").decode(bytes.subarray(lineStart, offset)).replace(/^\uFEFF/, "");
  const hex = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, "0");
  return {
    error: {
      line,
      column: before.length + 1,
      message: `the file is not valid UTF-8 (byte 0x${hex} here); save it as UTF-8 and retype the character`,
    },
  };
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need = 0;
    let low = 0x80;
    let high = 0xbf;
    if (b < 0x80) {
      i++;
      continue;
    }
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f; // UTF-16 surrogates are not characters
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}
