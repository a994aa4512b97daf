/** The domain model: types (work.ts), the epic rules (epics.ts) and progress counting (progress.ts). */
export * from "./epics.js";
export * from "./progress.js";
export * from "./work.js";
