import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface NodeProcess {
  url: string;
  child: ChildProcess;
  /** SIGKILL: the node dies mid-request, nothing runs after. */
  kill(): Promise<void>;
}

/**
 * Starts test/support/node-entry.ts as a child process with `env` (DATABASE_URL, PORT, PUBLIC_URL …)
 * and resolves once it listens. Its stderr is passed through; a node that exits early fails the test.
 */
export function spawnNode(env: Record<string, string>, timeoutMs = 60_000): Promise<NodeProcess> {
  // Node itself with tsx as a loader (not the tsx CLI, which would put a process between the
  // signal and the server).
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "test/support/node-entry.ts")], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`node did not listen within ${timeoutMs} ms`));
    }, timeoutMs);
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening (http:\/\/\S+)/.exec(out)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({ url, child, kill });
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`node exited before listening (code ${code}, signal ${signal}): ${out.slice(-500)}`));
    });
  });
}
