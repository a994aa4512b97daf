import { describe, expect, it } from "vitest";
import { extractSubset, OPERATIONS } from "../../scripts/extract-openapi.js";

/** A miniature description shaped like GitHub's, holding every operation the extractor wants. */
function miniDescription(): Record<string, never> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [method, path] of OPERATIONS) {
    paths[path] = {
      ...paths[path],
      [method]: {
        operationId: `${method}${path}`,
        summary: "prose",
        description: "more prose",
        "x-github": { githubCloudOnly: false },
        parameters: [{ $ref: "#/components/parameters/per-page" }],
        responses: { "200": { $ref: "#/components/responses/label-ok" } },
      },
    };
  }
  return {
    openapi: "3.0.3",
    info: { version: "1.1.4", title: "GitHub" },
    paths,
    components: {
      parameters: {
        "per-page": { name: "per_page", in: "query", description: "prose", schema: { type: "integer" } },
      },
      responses: {
        "label-ok": {
          description: "Response",
          content: { "application/json": { schema: { $ref: "#/components/schemas/label" } } },
        },
      },
      schemas: {
        label: {
          title: "Label",
          description: "prose",
          type: "object",
          properties: {
            description: { type: "string", nullable: true, description: "the label's description" },
            owner: { $ref: "#/components/schemas/nullable-user" },
          },
          required: ["description"],
        },
        "nullable-user": { nullable: true, allOf: [{ $ref: "#/components/schemas/user" }] },
        user: { type: "object", properties: { login: { type: "string", example: "octocat" } } },
        unused: { type: "object" },
      },
    },
  } as never;
}

describe("extractSubset", () => {
  const subset = extractSubset(miniDescription(), "test") as {
    paths: Record<string, Record<string, { parameters: unknown[]; responses: Record<string, unknown> }>>;
    components: { schemas: Record<string, Record<string, unknown>> };
  };

  it("keeps every wanted operation with parameters and responses inlined", () => {
    const op = subset.paths["/repos/{owner}/{repo}/labels"]?.get;
    expect(op?.parameters).toEqual([{ name: "per_page", in: "query", schema: { type: "integer" } }]);
    expect(op?.responses["200"]).toEqual({
      content: { "application/json": { schema: { $ref: "#/components/schemas/label" } } },
    });
  });

  it("keeps referenced schemas (transitively) and drops the rest", () => {
    expect(Object.keys(subset.components.schemas).sort()).toEqual(["label", "nullable-user", "user"]);
  });

  it("drops prose but keeps a property that happens to be called description, and nullable", () => {
    const label = subset.components.schemas.label!;
    expect(label).not.toHaveProperty("title");
    expect(label.properties).toEqual({
      description: { type: "string", nullable: true },
      owner: { $ref: "#/components/schemas/nullable-user" },
    });
    expect(subset.components.schemas.user).toEqual({
      type: "object",
      properties: { login: { type: "string" } },
    });
  });

  it("fails loudly when the description lacks an operation", () => {
    const description = miniDescription() as unknown as { paths: Record<string, unknown> };
    delete description.paths["/rate_limit"];
    expect(() => extractSubset(description as never, "test")).toThrow(/GET \/rate_limit/);
  });
});
