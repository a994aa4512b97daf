// PLACEHOLDER: the REST half of the simulator replaces this file (mutable state built from a Seed).
export interface SimState {
  org: string;
}
