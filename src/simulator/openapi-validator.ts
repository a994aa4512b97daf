/**
 * Holds requests and responses to GitHub's own OpenAPI description (the committed subset in
 * `openapi/github-subset.json`, made by `scripts/extract-openapi.ts`), so a client that sends what
 * GitHub would refuse, or a simulator answer GitHub would never give, fails a test instead of
 * passing against a fake that is kinder than the real thing.
 *
 * Schemas are compiled lazily, per operation and part, on first use: compiling all of them up
 * front would slow every simulator start for endpoints most tests never touch.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import subset from "./openapi/github-subset.json" with { type: "json" };

export interface RequestParts {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  /** Whether the request carried a body at all (a JSON `null` is still a body). */
  hasBody: boolean;
}

export interface OpenApiValidator {
  /** Problems with a request to `method template`, empty when it is one GitHub would accept. */
  checkRequest(method: string, template: string, request: RequestParts): string[];
  /** Problems with an answer, empty when GitHub's description allows it. */
  checkResponse(method: string, template: string, status: number, body: unknown): string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: JsonObject;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonObject }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonObject }> }>;
}

type FormatsPlugin = (ajv: Ajv, options?: { mode?: "fast" | "full" }) => Ajv;

const SCHEMA_ID = "github";
/** Formats ajv-formats knows; any other format in GitHub's description is a label, not a rule. */
const STANDARD_FORMATS = new Set([
  "date-time",
  "date",
  "time",
  "uri",
  "email",
  "uuid",
  "ipv4",
  "ipv6",
  "hostname",
]);

function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * OpenAPI 3.0 → what ajv understands: `nullable: true` beside a `type` becomes a type union (and
 * `null` joins any enum); `nullable: true` without a `type` (on `$ref`/`allOf` schemas: GitHub has
 * 135 of them) becomes `anyOf [schema, {type: "null"}]`. Local `$ref`s point into the one
 * registered document.
 */
function toAjv(node: Json, inMap = false, formats: Set<string> = new Set()): Json {
  if (Array.isArray(node)) return node.map((n) => toAjv(n, false, formats));
  if (!isObject(node)) return node;
  if (inMap) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) out[k] = toAjv(v, false, formats);
    return out;
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "nullable") continue;
    if (key === "$ref" && typeof value === "string" && value.startsWith("#/")) {
      out.$ref = `${SCHEMA_ID}${value}`;
      continue;
    }
    if (key === "format" && typeof value === "string") formats.add(value);
    const isMap = key === "properties" || key === "patternProperties";
    out[key] = toAjv(value, isMap, formats);
  }
  if (node.nullable !== true) return out;
  if (typeof out.type === "string") {
    out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: "null" }] };
}

function describe(errors: ErrorObject[] | null | undefined, where: string): string[] {
  if (!errors || errors.length === 0) return [];
  // anyOf/oneOf failures list every branch; the first few errors name the problem well enough.
  return errors.slice(0, 4).map((e) => {
    const at = `${where}${e.instancePath}`;
    const extra =
      e.keyword === "enum"
        ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})`
        : e.keyword === "additionalProperties"
          ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})`
          : "";
    return `${at} ${e.message ?? e.keyword}${extra}`;
  });
}

/** Query and path values arrive as strings; coerce them to what the parameter's schema says. */
function coerce(value: string, schema: JsonObject | undefined): unknown {
  const type = schema?.type;
  if (type === "integer" || type === "number") return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (type === "boolean") return value === "true" ? true : value === "false" ? false : value;
  if (type === "array") return value.split(",");
  return value;
}

/** Property names a JSON body may carry, from every object branch of the body schema. */
function knownBodyFields(schema: Json | undefined, out: Set<string> = new Set()): Set<string> {
  if (!isObject(schema)) return out;
  if (isObject(schema.properties)) for (const k of Object.keys(schema.properties)) out.add(k);
  for (const key of ["oneOf", "anyOf", "allOf"]) {
    const branches = schema[key];
    if (Array.isArray(branches)) for (const b of branches) knownBodyFields(b, out);
  }
  return out;
}

let shared: OpenApiValidator | undefined;

/**
 * The validator is stateless apart from its cache of compiled schemas, so every simulator in a
 * process shares one: a test file starting ten simulators compiles each schema once.
 */
export function createOpenApiValidator(): OpenApiValidator {
  shared ??= buildValidator();
  return shared;
}

function buildValidator(): OpenApiValidator {
  const formats = new Set<string>();
  const document = toAjv(subset as unknown as Json, false, formats) as JsonObject;
  // Compile speed matters more than validation speed here (each schema is compiled once, per
  // process, then used for a few requests): inlineRefs: false compiles each referenced schema once
  // instead of copying it into every place a user or repository appears, optimize: false skips
  // code optimisation, validateSchema: false skips checking GitHub's description against the
  // meta-schema, and allErrors: false stops at the first problem (which is named in the 500).
  const ajv = new Ajv({
    strict: false,
    allErrors: false,
    validateFormats: true,
    inlineRefs: false,
    validateSchema: false,
    code: { optimize: false },
  });
  // ajv-formats is CommonJS; its default export arrives wrapped under NodeNext resolution.
  const plugin = addFormatsModule as unknown as FormatsPlugin & { default?: FormatsPlugin };
  // "fast" formats: a URI is checked by a short pattern, not RFC 3986's full grammar, which cost
  // ~10 ms per page of 100 issues (every object carries a dozen URLs).
  (plugin.default ?? plugin)(ajv, { mode: "fast" });
  for (const format of formats) {
    if (!STANDARD_FORMATS.has(format)) ajv.addFormat(format, true);
  }
  const { paths, ...rest } = document;
  ajv.addSchema({ ...rest, $id: SCHEMA_ID });
  const operations = (isObject(paths) ? paths : {}) as Record<string, Record<string, Operation>>;
  const compiled = new Map<string, ValidateFunction>();

  const compile = (key: string, schema: JsonObject): ValidateFunction => {
    let fn = compiled.get(key);
    if (!fn) {
      fn = ajv.compile(schema);
      compiled.set(key, fn);
    }
    return fn;
  };

  const operation = (method: string, template: string): Operation | undefined =>
    operations[template]?.[method.toLowerCase()];

  return {
    checkRequest(method, template, request) {
      const op = operation(method, template);
      if (!op)
        return [
          `${method} ${template} is not an operation of the OpenAPI subset (run scripts/extract-openapi.ts)`,
        ];
      const problems: string[] = [];
      const parameters = op.parameters ?? [];
      for (const p of parameters) {
        if (p.in !== "path" && p.in !== "query") continue;
        const source = p.in === "path" ? request.params : request.query;
        const value = source[p.name];
        if (value === undefined) {
          if (p.required) problems.push(`${p.in} parameter ${p.name} is required`);
          continue;
        }
        if (!p.schema) continue;
        const fn = compile(`${method} ${template} ${p.in} ${p.name}`, p.schema);
        if (!fn(coerce(value, p.schema)))
          problems.push(...describe(fn.errors, `${p.in} parameter ${p.name}`));
      }
      const declared = new Set(parameters.filter((p) => p.in === "query").map((p) => p.name));
      for (const name of Object.keys(request.query)) {
        if (!declared.has(name))
          problems.push(`query parameter ${name} is not one GitHub knows for this operation`);
      }
      const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
      if (!request.hasBody) {
        if (op.requestBody?.required) problems.push("a JSON body is required");
      } else if (!bodySchema) {
        problems.push("this operation takes no request body");
      } else {
        const fn = compile(`${method} ${template} body`, bodySchema);
        if (!fn(request.body)) problems.push(...describe(fn.errors, "body"));
        // GitHub's body schemas allow extra properties, so a misspelt field would pass silently.
        const known = knownBodyFields(bodySchema);
        if (request.body !== null && typeof request.body === "object" && !Array.isArray(request.body)) {
          for (const field of Object.keys(request.body)) {
            if (!known.has(field))
              problems.push(`body field "${field}" is not one GitHub knows (${[...known].join(", ")})`);
          }
        }
      }
      return problems;
    },

    checkResponse(method, template, status, body) {
      const op = operation(method, template);
      if (!op) return [];
      const response = op.responses?.[String(status)];
      if (!response) {
        // GitHub's description leaves out most error statuses (401, 403, 5xx) of most operations.
        return status < 400 ? [`status ${status} is not a documented answer`] : [];
      }
      const schema = response.content?.["application/json"]?.schema;
      if (!schema) return [];
      const fn = compile(`${method} ${template} response ${status}`, schema);
      return fn(body) ? [] : describe(fn.errors, "response body");
    },
  };
}
