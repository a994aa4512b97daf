/**
 * GitHub's static checks on a GraphQL document, done before anything is resolved: pagination
 * arguments on every connection, the 500,000-node ceiling, and the rate-limit cost.
 *
 * GitHub's rules (docs "Rate limits and node limits for the GraphQL API"):
 * - every connection needs `first` or `last`, between 1 and 100 (0 is accepted: a count-only page);
 * - node count: each connection's limit times the limits of every connection it is nested in,
 *   summed; over 500,000 the document is refused whole;
 * - cost: one request per connection per parent node that may reach it (a nested connection under
 *   `issues(first: 50)` is 50 requests), summed, divided by 100, rounded, at least 1.
 */
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLNamedType,
  type GraphQLSchema,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

export const MAX_PAGE = 100;
export const MAX_NODES = 500_000;

export interface AnalysisError {
  type: string;
  message: string;
  path: string[];
  locations: { line: number; column: number }[];
}

export interface Analysis {
  errors: AnalysisError[];
  /** Connection requests GitHub assumes the document needs (before dividing by 100). */
  requests: number;
  /** The most nodes the document may touch. */
  nodeCount: number;
  /** Primary rate-limit points. */
  cost: number;
}

/** A field is a connection when it returns `…Connection` and pages with `first`/`last`. */
export function isConnectionField(field: GraphQLField<unknown, unknown>): boolean {
  const named = getNamedType(field.type);
  return named.name.endsWith("Connection") && field.args.some((a) => a.name === "first");
}

export function computeCost(requests: number): number {
  return Math.max(1, Math.round(requests / 100));
}

export function analyseDocument(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Analysis {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  const result: Analysis = { errors: [], requests: 0, nodeCount: 0, cost: 1 };
  let nodeLimitReported = false;

  const isSkipped = (node: FieldNode | SelectionSetNode["selections"][number]): boolean => {
    if (!("directives" in node) || !node.directives?.length) return false;
    const skip = getDirectiveValues(GraphQLSkipDirective, node, variables);
    if (skip?.if === true) return true;
    const include = getDirectiveValues(GraphQLIncludeDirective, node, variables);
    return include?.if === false;
  };

  const walk = (
    parentType: GraphQLNamedType,
    selectionSet: SelectionSetNode,
    multiplier: number,
    path: string[],
  ): void => {
    for (const selection of selectionSet.selections) {
      if (isSkipped(selection)) continue;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        walk(
          typeName ? (schema.getType(typeName) ?? parentType) : parentType,
          selection.selectionSet,
          multiplier,
          path,
        );
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const type = fragment && schema.getType(fragment.typeCondition.name.value);
        if (fragment && type) walk(type, fragment.selectionSet, multiplier, path);
        continue;
      }
      if (!isObjectType(parentType) && !isInterfaceType(parentType)) continue;
      const field = parentType.getFields()[selection.name.value];
      if (!field) continue;
      const key = selection.alias?.value ?? selection.name.value;
      const fieldPath = [...path, key];
      let childMultiplier = multiplier;
      if (isConnectionField(field)) {
        const args = getArgumentValues(field, selection, variables);
        const limit = checkPagination(field.name, args, selection, fieldPath, result.errors);
        result.requests += multiplier;
        result.nodeCount += multiplier * limit;
        childMultiplier = multiplier * limit;
        if (result.nodeCount > MAX_NODES && !nodeLimitReported) {
          nodeLimitReported = true;
          result.errors.push({
            type: "MAX_NODE_LIMIT_EXCEEDED",
            message: `By the time this query traverses to the ${field.name} connection, it is requesting up to ${result.nodeCount.toLocaleString("en-US")} possible nodes which exceeds the maximum limit of ${MAX_NODES.toLocaleString("en-US")}.`,
            path: fieldPath,
            locations: locate(selection),
          });
        }
      }
      const named = getNamedType(field.type);
      if (selection.selectionSet && isCompositeType(named)) {
        walk(named, selection.selectionSet, childMultiplier, fieldPath);
      }
    }
  };

  const root = operation.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (root) walk(root, operation.selectionSet, 1, [operation.name?.value ?? operation.operation]);
  result.cost = computeCost(result.requests);
  return result;
}

function locate(node: FieldNode): { line: number; column: number }[] {
  const start = node.loc?.startToken;
  return start ? [{ line: start.line, column: start.column }] : [];
}

/** Returns the page size the connection may return (what the node count multiplies by). */
function checkPagination(
  connection: string,
  args: Record<string, unknown>,
  node: FieldNode,
  path: string[],
  errors: AnalysisError[],
): number {
  const first = typeof args.first === "number" ? args.first : undefined;
  const last = typeof args.last === "number" ? args.last : undefined;
  const fail = (type: string, message: string): number => {
    errors.push({ type, message, path, locations: locate(node) });
    return MAX_PAGE;
  };
  if (first === undefined && last === undefined) {
    return fail(
      "MISSING_PAGINATION_BOUNDARIES",
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${connection}\` connection.`,
    );
  }
  if (first !== undefined && last !== undefined) {
    return fail(
      "INVALID_PAGINATION",
      `Passing both \`first\` and \`last\` to paginate the \`${connection}\` connection is not supported.`,
    );
  }
  const [name, value] =
    first !== undefined ? (["first", first] as const) : (["last", last as number] as const);
  if (value < 0) {
    return fail(
      "INVALID_PAGINATION",
      `\`${name}\` on the \`${connection}\` connection cannot be less than 0.`,
    );
  }
  if (value > MAX_PAGE) {
    return fail(
      "EXCESSIVE_PAGINATION",
      `Requesting ${value} records on the \`${connection}\` connection exceeds the \`${name}\` limit of ${MAX_PAGE} records.`,
    );
  }
  return value;
}
