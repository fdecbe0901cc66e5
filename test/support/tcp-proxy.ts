import net from "node:net";

/**
 * A TCP proxy in front of a real service (PostgreSQL, Redis, a Switchboard node) for fault tests:
 * `down()` resets every open connection and closes each new one at once — what a restart or a lost
 * network looks like to a client — and `up()` accepts again. The shared services themselves are
 * never touched, so other suites keep running against them.
 */
export interface TcpProxy {
  port: number;
  /** `target` with its host:port replaced by the proxy's (e.g. a database or Redis URL). */
  url(target: string): string;
  readonly isUp: boolean;
  down(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = "127.0.0.1"): Promise<TcpProxy> {
  let up = true;
  const open = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    open.add(s);
    s.once("close", () => open.delete(s));
    // A reset is the point of the exercise: never let it become an uncaught error.
    s.on("error", () => {});
  };
  const server = net.createServer((client) => {
    track(client);
    if (!up) return void client.resetAndDestroy();
    const upstream = net.connect(targetPort, targetHost);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.once("close", cut);
    upstream.once("close", cut);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url(target) {
      const u = new URL(target);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    get isUp() {
      return up;
    },
    down() {
      up = false;
      for (const s of open) s.resetAndDestroy();
    },
    up() {
      up = true;
    },
    async close() {
      up = false;
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
