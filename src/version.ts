import { createRequire } from "node:module";

/**
 * The bundler (scripts/build.mjs) replaces this name with package.json's version, so a bundled run
 * does not read package.json; unbundled (vitest on src/) it is undefined and the file is read.
 */
declare const WAKU_PM_VERSION: string | undefined;

export const VERSION: string =
  typeof WAKU_PM_VERSION === "string"
    ? WAKU_PM_VERSION
    : (createRequire(import.meta.url)("../package.json") as { version: string }).version;
