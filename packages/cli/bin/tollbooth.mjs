#!/usr/bin/env node
// Thin launcher: registers tsx so the CLI runs from TypeScript source (no build step).
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
