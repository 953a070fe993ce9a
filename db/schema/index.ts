export * from "./organizations";
export * from "./content";
export * from "./people";
export * from "./auth";
export * from "./learning";
export * from "./classes";
export * from "./kpis";
export * from "./campaigns";
