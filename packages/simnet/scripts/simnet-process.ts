import { startSimnet } from "../src/index";

/**
 * The simnet in its own process for the bench, as the gateway sees it: the load generator must not
 * share its event loop. Talks over IPC: sends { adminUrl } once listening; on "mark" it notes its CPU
 * time, on "report" it answers the CPU microseconds spent since the mark.
 */
const dataDir = process.argv[2];
if (!dataDir || !process.send) throw new Error("usage: fork simnet-process.ts <dataDir> with an IPC channel");
const sim = await startSimnet({ dataDir, grpcPort: 0, adminPort: 0 });
let mark = process.cpuUsage();
process.on("message", (message) => {
  if (message === "mark") mark = process.cpuUsage();
  if (message === "report") {
    const used = process.cpuUsage(mark);
    process.send?.({ cpuMicros: used.user + used.system });
  }
  if (message === "stop") void sim.stop().then(() => process.exit(0));
});
process.send({ adminUrl: sim.adminUrl, adminToken: sim.adminToken });
