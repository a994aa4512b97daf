/**
 * What GitHub checks before it runs a GraphQL document: valid against its published schema, and
 * within its static limits (first/last ≤ 100, at most MAX_NODES nodes). The fake GraphQL clients
 * of the unit tests pass every document through here, so a query GitHub would refuse fails there.
 */
import { type GraphQLSchema, Kind, type OperationDefinitionNode, parse, validate } from "graphql";
import { type Analysis, analyseDocument } from "../../src/simulator/graphql-analysis.js";

/** Throws (naming what is wrong) unless GitHub would accept `query`; returns its operation and measure. */
export function checkGithubDocument(
  schema: GraphQLSchema,
  query: string,
  variables: Record<string, unknown>,
): { operation: OperationDefinitionNode; analysis: Analysis } {
  const document = parse(query);
  const errors = validate(schema, document);
  if (errors.length > 0) throw new Error(`invalid document: ${errors.map((e) => e.message).join("; ")}`);
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION,
  ) as OperationDefinitionNode;
  const analysis = analyseDocument(schema, document, operation, variables);
  if (analysis.errors.length > 0) throw new Error(analysis.errors.map((e) => e.message).join("; "));
  return { operation, analysis };
}
