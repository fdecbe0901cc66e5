import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import path from "node:path";

/**
 * BENCH_CPU_PROFILE=<dir>: a CPU profile of this process (where the servers run) over one measured
 * phase only, written as <dir>/<name>.cpuprofile (open it in Chrome DevTools or speedscope).
 * Without the variable: null, nothing is recorded.
 */
export async function startProfile(name: string) {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return null;
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return {
    async stop() {
      const { profile } = await session.post("Profiler.stop");
      const file = path.join(dir, `${name.replace(/\W+/g, "-")}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`CPU profile: ${file}`);
    },
  };
}
