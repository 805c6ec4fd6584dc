export * from "./defaults";
export * from "./methods";
export * from "./origin";
export * from "./path-pattern";
export * from "./price";
export * from "./secret-fields";
export * from "./slug";
export * from "./wire";
