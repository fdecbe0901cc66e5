import { startServer } from "~/server/index.ts";

/**
 * One Switchboard node in a process of its own, for tests that must kill it (SIGKILL leaves no
 * chance to clean up, as a crash would). Configured by the environment like `npm start`; API and
 * webhooks only. Prints its URL once it listens.
 */
const server = await startServer({ ui: { mode: "none" } });
console.log(`listening ${server.url}`);
