export * from "./organizations";
export * from "./content";
