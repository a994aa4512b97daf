/**
 * Writes the dashboard's files into a directory (created if needed). Only plain file names are
 * accepted, so a file name built from data can never land outside the directory.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DashboardFiles } from "./types.js";

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Writes every file; returns their paths, `index.html` first. */
export function writeDashboard(dir: string, files: DashboardFiles): string[] {
  const names = Object.keys(files).sort((a, b) =>
    a === "index.html" ? -1 : b === "index.html" ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  for (const name of names) {
    if (!FILE_NAME.test(name) || name.includes("..")) {
      throw new Error(`dashboard: refusing to write "${name}": not a plain file name`);
    }
  }
  mkdirSync(dir, { recursive: true });
  return names.map((name) => {
    const path = join(dir, name);
    writeFileSync(path, files[name]!);
    return path;
  });
}
