// npm run generate -w @tollbooth/db — writes the Prisma client to src/generated. Offline.
import { generateClient } from "../src/migrate/migrate";

const started = performance.now();
await generateClient({ onLine: (line) => console.log(`[prisma] ${line}`) });
console.log(`Prisma client generated in ${Math.round(performance.now() - started)} ms.`);
