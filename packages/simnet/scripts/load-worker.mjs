// Node 20 worker threads do not pick up `--import tsx`: register tsx here, then load the worker.
import { register } from "tsx/esm/api";

register();
await import("./load-worker.ts");
