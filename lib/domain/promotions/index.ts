// The promotion rules (pure): states, transitions with their guards, policy per target environment,
// freeze windows, soak time, verification. lib/server/promotions runs them inside its transactions.
export * from "./freeze";
export * from "./policy";
export * from "./refusals";
export * from "./request";
export * from "./soak";
export * from "./status";
export * from "./transitions";
export * from "./types";
export * from "./verification";
