import { afterAll, describe, expect, it } from "vitest";
import { type Cluster, type ClusterNode, redisReachable, startCluster, TEST_REDIS_URL } from "../support/cluster.ts";
import { startFakeTwilio } from "../support/fake-twilio.ts";
import { printFigures, smsWebhooks } from "../support/provider-retries.ts";
import { type AgentSocket, connectAgent } from "../support/socket.ts";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.ts";

/**
 * Issue 17, fault 2: agents lose their connection for 0–120 s (and one a little longer) while SMS keep arriving on both
 * nodes (two nodes on the Redis streams adapter; each agent reaches its node through a TCP proxy
 * that cuts it off and refuses it for its offline time). After reconnecting, an agent has missed
 * nothing: connection-state recovery replays what it missed (within its 2 minutes), and the agent
 * reloads what it shows over the API after every reconnection, as the browser does
 * (app/realtime/socket-provider.tsx revalidates its loaders): past the window that is the only way
 * back, and within it, it fills the gap recovery leaves for events broadcast while the restored
 * socket is still in the auth middleware. The figures say how many messages each way brought.
 * The agents are offline concurrently, so the test lasts about as long as the longest gap.
 */
// The last one stays away a little past the 2 minutes connection-state recovery keeps a session
// (server/realtime/server.ts), so both ways back are exercised every run; at exactly 120 s which
// one applies depends on a few milliseconds.
const OFFLINE_S = [0, 24, 48, 72, 96, 125];
const RECOVERY_WINDOW_S = 120;
const postgres = process.env.TEST_DB === "postgres";
const redisUp = postgres && (await redisReachable());
if (postgres && !redisUp && process.env.CI === "true") throw new Error(`fault tests need Redis at ${TEST_REDIS_URL} (CI=true)`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Agent {
  node: ClusterNode;
  offlineS: number;
  proxy: TcpProxy;
  socket: AgentSocket;
  /** Message ids received as events (live or replayed by recovery) or fetched when catching up. */
  seen: Set<string>;
  live: number;
  caughtUp: number;
  reconnects: { recovered: boolean }[];
  errors: string[];
}

describe.runIf(redisUp)("fault: agents offline for 0–125 s during traffic", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn().catch(() => {});
  });

  it("misses no event after reconnecting", { timeout: 240_000 }, async () => {
    const fake = await startFakeTwilio();
    cleanup.push(fake.close);
    const cluster: Cluster = await startCluster({ redisUrl: TEST_REDIS_URL });
    cleanup.push(cluster.stop);
    const [a, b] = cluster.nodes as [ClusterNode, ClusterNode];
    const inbox = await cluster.api(a, "POST", "/api/v1/inboxes", {
      kind: "twilio_sms",
      name: "SMS",
      config: { accountSid: fake.accountSid, authToken: fake.authToken, phoneNumber: "+815012345678", apiBaseUrl: fake.url },
    });
    expect(inbox.status).toBe(201);

    // What the browser does after a reconnection: reload the inbox list and the conversations in
    // it, through the same origin.
    const catchUp = async (agent: Agent, origin: string) => {
      const get = (pathname: string) =>
        fetch(origin + pathname, { headers: { authorization: `Bearer ${cluster.token}` } }).then((r) => r.json());
      const list = (await get("/api/v1/conversations?limit=100")) as { items: { id: string }[] };
      for (const c of list.items) {
        const { messages } = (await get(`/api/v1/conversations/${c.id}`)) as { messages: { id: string }[] };
        for (const m of messages) if (!agent.seen.has(m.id) && agent.seen.add(m.id)) agent.caughtUp++;
      }
    };

    const agents: Agent[] = [];
    for (const [i, offlineS] of OFFLINE_S.entries()) {
      const node = i % 2 ? b : a;
      const proxy = await startTcpProxy(node.port);
      cleanup.push(proxy.close);
      const origin = `http://127.0.0.1:${proxy.port}`;
      const socket = await connectAgent(origin, { token: cluster.token, label: `agent offline ${offlineS} s` });
      cleanup.push(async () => socket.close());
      const agent: Agent = { node, offlineS, proxy, socket, seen: new Set(), live: 0, caughtUp: 0, reconnects: [], errors: [] };
      socket.on("connect_error", (err) => agent.errors.push(err.message));
      socket.on("message:created", (e) => {
        if (!agent.seen.has(e.message.id)) agent.live++;
        agent.seen.add(e.message.id);
      });
      socket.on("connect", () => {
        agent.reconnects.push({ recovered: socket.recovered });
        void catchUp(agent, origin);
      });
      agents.push(agent);
    }

    // Traffic on both nodes for the whole test: one SMS about every half second, alternating nodes.
    let turn = 0;
    const webhooks = smsWebhooks({
      total: 1000,
      inboxId: inbox.body.id,
      authToken: fake.authToken,
      accountSid: fake.accountSid,
      target: () => (turn++ % 2 ? b : a),
      customers: 8,
    });
    let trafficDone = false;
    const traffic = webhooks.send(webhooks.sids, { concurrency: 1, pauseMs: 400, until: () => trafficDone });

    await sleep(3_000);
    for (const agent of agents) agent.proxy.down();
    const downAt = Date.now();
    await Promise.all(
      agents.map(async (agent) => {
        await sleep(agent.offlineS * 1000);
        agent.proxy.up();
      }),
    );
    // Everyone is back: a little more traffic, then stop and let the last events arrive.
    await expect
      .poll(() => agents.filter((x) => !x.socket.connected).map((x) => `${x.offlineS} s: ${x.errors.slice(-3).join("; ")}`), {
        timeout: 30_000,
      })
      .toEqual([]);
    await sleep(3_000);
    trafficDone = true;
    await traffic;
    const wallS = Math.round((Date.now() - downAt) / 1000);

    const stored = await a.ctx.db.message.findMany({ where: { inboxId: inbox.body.id, direction: "inbound" }, select: { id: true } });
    const missedBy = (agent: Agent) => stored.filter((m) => !agent.seen.has(m.id)).length;
    // Delivery on a loaded machine may lag a little behind the last commit.
    for (let waited = 0; waited < 20_000 && agents.some((x) => missedBy(x) > 0); waited += 500) await sleep(500);

    printFigures("agents offline 0–125 s during traffic, two nodes", {
      "SMS sent / accepted / stored": `${webhooks.answers.length} / ${webhooks.accepted.size} / ${stored.length}`,
      ...Object.fromEntries(
        agents.map((x) => [
          `agent on ${x.node.publicUrl.slice(7, 13)}, offline ${String(x.offlineS).padStart(3)} s`,
          `recovered: ${x.reconnects.map((r) => (r.recovered ? "yes" : "no")).join(", ") || "-"}; ` +
            `events (live or replayed) ${x.live}, only through the API ${x.caughtUp}, missed ${missedBy(x)}`,
        ]),
      ),
      "outage to end of test": `${wallS} s`,
    });
    expect(agents.map(missedBy)).toEqual(agents.map(() => 0));
    expect(webhooks.accepted.size).toBe(webhooks.answers.length);
    expect(stored.length).toBe(webhooks.accepted.size);
    // Every agent reconnected; within the window the server restored the session, past it not.
    expect(agents.map((x) => x.reconnects.map((r) => r.recovered))).toEqual(agents.map((x) => [x.offlineS < RECOVERY_WINDOW_S]));
  });
});
