/**
 * Golden files: the committed bytes a chart must reproduce. `UPDATE_GOLDEN=1 npx vitest run
 * tests/chart` rewrites them (then look at the diff, and at the pictures, before committing).
 * A missing golden file fails rather than being written silently.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { ROOT } from "../helpers/cli.js";

export const GOLDEN_DIR = join(ROOT, "tests", "fixtures", "chart");

export function expectGolden(name: string, actual: string): void {
  const path = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === "1") {
    writeFileSync(path, actual);
    return;
  }
  expect(existsSync(path), `${path} is missing: run UPDATE_GOLDEN=1 npx vitest run tests/chart`).toBe(true);
  expect(actual).toBe(readFileSync(path, "utf8"));
}
