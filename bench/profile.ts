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
      console.log(selfTimeByModule(profile));
    },
  };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/**
 * Where the profiled phase spent its CPU, by module: self time summed per npm package, project folder
 * or node: module, largest first, with V8's own "(garbage collector)", "(idle)" and "(program)". A
 * builtin without a script (JSON.parse, a RegExp, a Map) is charged to the nearest caller that has
 * one, so "@prisma/client" includes the JSON it parses. What a flame graph says, in a few lines.
 */
export function selfTimeByModule(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }, top = 12) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const moduleOf = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame) break;
      if (frame.url) return moduleName(frame.url);
      if (frame.functionName.startsWith("(")) return frame.functionName;
    }
    return "(native, no caller)";
  };
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let all = 0;
  for (let i = 0; i < samples.length; i++) {
    const ms = (deltas[i] ?? 0) / 1000;
    const name = moduleOf(samples[i]!);
    totals.set(name, (totals.get(name) ?? 0) + ms);
    all += ms;
  }
  const rows = [...totals].sort((a, b) => b[1] - a[1]).slice(0, top);
  const width = Math.max(...rows.map(([name]) => name.length), 6);
  return [
    `self time by module (${Math.round(all)} ms sampled):`,
    ...rows.map(
      ([name, ms]) => `  ${name.padEnd(width)}  ${String(Math.round(ms)).padStart(7)} ms  ${((ms / all) * 100).toFixed(1).padStart(5)} %`,
    ),
  ].join("\n");
}

function moduleName(url: string) {
  if (url.startsWith("node:internal/")) return `node:internal/${url.slice(14).split("/")[0]!.replace(/\.js$/, "")}`;
  if (url.startsWith("node:")) return url.replace(/\.js$/, "");
  if (url.startsWith("wasm://")) return `wasm ${url.slice(url.lastIndexOf("/") + 1)}`;
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  const own = url.match(/\/(app|server|integrations|common|bench|test)\/(?:([^/]+)\/)?/);
  return own ? `${own[1]}/${own[2] ?? ""}` : url.replace(/^file:\/\//, "");
}
