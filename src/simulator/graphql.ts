// PLACEHOLDER: the GraphQL half of the simulator replaces this file.
import type { SimState } from "./state.js";

export interface GraphqlAnswer {
  status: number;
  body: unknown;
  /** Primary rate-limit points this document costs. */
  cost: number;
}

export async function handleGraphql(_state: SimState, _body: unknown): Promise<GraphqlAnswer> {
  return { status: 501, body: { message: "GraphQL is not simulated yet" }, cost: 1 };
}
