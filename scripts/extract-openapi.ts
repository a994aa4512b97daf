/**
 * Extracts the operations the simulator serves, and every schema they reference, from GitHub's
 * official OpenAPI description into `src/simulator/openapi/github-subset.json` (committed), so the
 * simulator can validate requests and responses without the 385 MB `@octokit/openapi` package.
 *
 * Regenerate (e.g. after adding an endpoint to `src/simulator/rest.ts`, or to follow GitHub):
 *
 *   npm i --no-save @octokit/openapi
 *   npx tsc --module nodenext --target es2022 --types node --outDir /tmp/extract scripts/extract-openapi.ts
 *   node /tmp/extract/extract-openapi.js [path/to/api.github.com.json]
 *
 * (Node 20 cannot run TypeScript directly; on Node 22.6+ `node --experimental-strip-types
 * scripts/extract-openapi.ts` works too.) Run it from the project root: paths are relative to it.
 * The source defaults to `node_modules/@octokit/openapi/generated/api.github.com.json`.
 * Parameters and responses are inlined into the operations; schemas stay in
 * `components.schemas` behind `$ref`. Prose (descriptions, examples, summaries) is dropped to keep
 * the file small; everything ajv needs (types, formats, enums, required, nullable) is kept.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The operations the simulator serves (method, OpenAPI path). Keep in step with rest.ts ROUTES. */
export const OPERATIONS: readonly (readonly [string, string])[] = [
  ["get", "/rate_limit"],
  ["get", "/orgs/{org}/repos"],
  ["get", "/search/issues"],
  ["get", "/repos/{owner}/{repo}"],
  ["get", "/repos/{owner}/{repo}/labels"],
  ["post", "/repos/{owner}/{repo}/labels"],
  ["get", "/repos/{owner}/{repo}/labels/{name}"],
  ["patch", "/repos/{owner}/{repo}/labels/{name}"],
  ["delete", "/repos/{owner}/{repo}/labels/{name}"],
  ["get", "/repos/{owner}/{repo}/issues"],
  ["get", "/repos/{owner}/{repo}/issues/comments"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}"],
  ["patch", "/repos/{owner}/{repo}/issues/{issue_number}"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}/labels"],
  ["post", "/repos/{owner}/{repo}/issues/{issue_number}/labels"],
  ["put", "/repos/{owner}/{repo}/issues/{issue_number}/labels"],
  ["delete", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues"],
  ["post", "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues"],
  ["delete", "/repos/{owner}/{repo}/issues/{issue_number}/sub_issue"],
  ["patch", "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues/priority"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}/parent"],
  ["get", "/repos/{owner}/{repo}/milestones"],
  ["get", "/repos/{owner}/{repo}/milestones/{milestone_number}"],
  ["get", "/repos/{owner}/{repo}/issues/events"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}/events"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}/timeline"],
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Keywords that are prose only; dropped, except where they name a property or a parameter. */
const PROSE = new Set(["description", "example", "examples", "summary", "externalDocs", "title"]);

function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function lookup(root: JsonObject, ref: string): Json {
  let node: Json | undefined = root;
  for (const part of ref.replace(/^#\//, "").split("/")) {
    node = isObject(node) ? node[part.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
  }
  if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  return node;
}

/** Strips prose and `x-*` extensions; `inMap` marks maps keyed by user names (properties). */
function strip(node: Json, inMap = false): Json {
  if (Array.isArray(node)) return node.map((n) => strip(n));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (!inMap && (PROSE.has(key) || key.startsWith("x-"))) continue;
    const childIsMap = !inMap && (key === "properties" || key === "patternProperties");
    out[key] = inMap ? strip(value) : strip(value, childIsMap);
  }
  return out;
}

/** Replaces `$ref`s to parameters/responses/headers by their target; schema refs stay refs. */
function inline(root: JsonObject, node: Json): Json {
  if (Array.isArray(node)) return node.map((n) => inline(root, n));
  if (!isObject(node)) return node;
  const ref = node.$ref;
  if (typeof ref === "string" && !ref.startsWith("#/components/schemas/"))
    return inline(root, lookup(root, ref));
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = inline(root, value);
  return out;
}

function collectSchemaRefs(root: JsonObject, node: Json, seen: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectSchemaRefs(root, n, seen);
    return;
  }
  if (!isObject(node)) return;
  const ref = node.$ref;
  if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) {
    const name = ref.slice("#/components/schemas/".length);
    if (!seen.has(name)) {
      seen.add(name);
      collectSchemaRefs(root, lookup(root, ref), seen);
    }
  }
  for (const value of Object.values(node)) collectSchemaRefs(root, value, seen);
}

export function extractSubset(source: JsonObject, packageVersion: string): JsonObject {
  const paths: JsonObject = {};
  for (const [method, path] of OPERATIONS) {
    const item = isObject(source.paths) ? source.paths[path] : undefined;
    const op = isObject(item) ? item[method] : undefined;
    if (!isObject(op)) throw new Error(`operation ${method.toUpperCase()} ${path} is not in the description`);
    const kept: JsonObject = { operationId: op.operationId ?? null };
    for (const key of ["parameters", "requestBody", "responses"] as const) {
      if (op[key] !== undefined) kept[key] = inline(source, op[key]);
    }
    const pathItem = isObject(paths[path]) ? (paths[path] as JsonObject) : {};
    pathItem[method] = strip(kept);
    paths[path] = pathItem;
  }
  const names = new Set<string>();
  collectSchemaRefs(source, paths, names);
  const schemas: JsonObject = {};
  for (const name of [...names].sort()) schemas[name] = strip(lookup(source, `#/components/schemas/${name}`));
  const info = isObject(source.info) ? source.info : {};
  return {
    openapi: source.openapi ?? "3.0.3",
    info: {
      title: "GitHub REST API: the operations the waku-pm simulator serves",
      version: info.version ?? null,
      "x-source": `npm @octokit/openapi ${packageVersion}, generated/api.github.com.json`,
      "x-regenerate":
        "npm i --no-save @octokit/openapi, then compile and run scripts/extract-openapi.ts (see its header)",
    },
    paths,
    components: { schemas },
  };
}

function main(): void {
  const root = process.cwd();
  const sourcePath =
    process.argv[2] ?? join(root, "node_modules/@octokit/openapi/generated/api.github.com.json");
  const packageJson = join(dirname(sourcePath), "..", "package.json");
  let version = "unknown";
  try {
    version = String((JSON.parse(readFileSync(packageJson, "utf8")) as { version?: string }).version);
  } catch {
    // The description can be passed on its own, without its package.
  }
  const source = JSON.parse(readFileSync(sourcePath, "utf8")) as JsonObject;
  const subset = extractSubset(source, version);
  const out = join(root, "src/simulator/openapi/github-subset.json");
  const text = `${JSON.stringify(subset, null, 2)}\n`;
  writeFileSync(out, text);
  const schemaCount = Object.keys((subset.components as JsonObject).schemas as JsonObject).length;
  process.stdout.write(
    `wrote ${out}: ${OPERATIONS.length} operations, ${schemaCount} schemas, ${text.length} bytes\n`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
