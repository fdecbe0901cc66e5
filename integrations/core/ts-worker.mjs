// Piscina worker entry: loads the TypeScript task module named in workerData through tsx, so the same
// pool works under `tsx server/main.ts`, under vitest and in production (see worker-pool.ts).
import { workerData } from "piscina";
import { register } from "tsx/esm/api";

register();
const task = await import(workerData.module);
export default task.default;
