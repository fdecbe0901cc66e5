import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { deliverSlackEvent } from "~/test/support/fake-slack.ts";
import { RetryableSendError, PermanentSendError } from "~/integrations/core/types.ts";
import { slackAdapter } from "./index.ts";
import { envelope, SIGNING_SECRET, startHarness } from "./testing/harness.ts";

let h: Awaited<ReturnType<typeof startHarness>>;
beforeAll(async () => {
  h = await startHarness();
  h.links.set("CCUST", { contactId: "contact1", companyId: null });
  h.slack.addUser({ id: "UCUST", team: "TCUST", name: "Ken" });
});
afterAll(() => h.stop());

describe("files shared in a customer thread", () => {
  it("stores the message at once and downloads the files with the bot token in a job", async () => {
    const pdf = Buffer.from("%PDF-1.7 見積書");
    const url = h.slack.addFile("F1", pdf, "application/pdf");
    await deliverSlackEvent(
      h.eventsUrl,
      SIGNING_SECRET,
      envelope({
        type: "message",
        subtype: "file_share",
        channel: "CCUST",
        user: "UCUST",
        team: "TCUST",
        ts: "1790000000.000100",
        text: "",
        files: [{ id: "F1", name: "見積書.pdf", mimetype: "application/pdf", url_private_download: url }],
      }),
    );
    await vi.waitFor(() => expect(h.jobs).toHaveLength(1));
    // Nothing was downloaded while handling the event itself.
    expect(h.slack.fileDownloads).toHaveLength(0);
    expect(h.ingested[0]!.message).toMatchObject({ subject: "Shared a file", owner: { contactId: "contact1" } });
    expect(h.ingested[0]!.message.fromAliases).toEqual([]);
    const job = h.jobs[0]!;
    expect(job.messageId).toBe(h.ingested[0]!.messageId);

    await slackAdapter.runJob!(h.inbox as never, job.payload, h.host);
    expect(h.slack.fileDownloads).toEqual([{ id: "F1", authorization: `Bearer ${h.slack.botToken}` }]);
    expect(h.attachments).toEqual([
      { messageId: job.messageId, files: [{ filename: "見積書.pdf", contentType: "application/pdf", content: pdf }] },
    ]);
  });

  it("neither doubles the message nor its file job when a stored event is replayed after a crash", async () => {
    const stored = JSON.stringify(
      envelope({
        type: "message",
        subtype: "file_share",
        channel: "CCUST",
        user: "UCUST",
        team: "TCUST",
        ts: "1790000000.000100",
        text: "",
        files: [{ id: "F1", name: "見積書.pdf", mimetype: "application/pdf", url_private_download: `${h.slack.url}/files/F1/download` }],
      }),
    );
    await slackAdapter.processRawEvent!(h.inbox as never, Buffer.from(stored), h.host);
    expect(h.ingested).toHaveLength(1);
    // The job was queued together with the message, so a replay has nothing to add.
    expect(h.jobs).toHaveLength(1);
    expect(h.jobs[0]!.messageId).toBe(h.ingested[0]!.messageId);
  });

  it("retries when Slack is unreachable and never sends the token to another host", async () => {
    const down = { ...h.inbox, config: { ...h.inbox.config, apiUrl: "http://127.0.0.1:1/api/" } };
    const unreachable = {
      type: "slack.files",
      messageId: "m",
      files: [{ id: "F", name: "a", mimetype: "text/plain", url: "http://127.0.0.1:1/files/F/download" }],
    };
    await expect(slackAdapter.runJob!(down as never, unreachable, h.host)).rejects.toBeInstanceOf(RetryableSendError);
    const foreign = { ...unreachable, files: [{ ...unreachable.files[0]!, url: "https://evil.example/steal" }] };
    await expect(slackAdapter.runJob!(h.inbox as never, foreign, h.host)).rejects.toBeInstanceOf(PermanentSendError);
  });

  it("skips a file Slack will not hand over (its sign-in page) without failing the job", async () => {
    const before = h.attachments.length;
    const missing = {
      type: "slack.files",
      messageId: "m2",
      files: [{ id: "NOPE", name: "x.png", mimetype: "image/png", url: `${h.slack.url}/files/NOPE/download` }],
    };
    await slackAdapter.runJob!(h.inbox as never, missing, h.host);
    expect(h.attachments).toHaveLength(before);
    expect(h.logs.some((l) => l.level === "warn" && l.msg.includes("NOPE"))).toBe(true);
  });

  it("refuses a file URL at a private address when private targets are not allowed, and fetches nothing", async () => {
    vi.stubEnv("OUTBOUND_FETCH_ALLOW_PRIVATE", "false");
    const trap = await listen((_req, res) => res.end("secret"));
    const downloads = h.slack.fileDownloads.length;
    const url = h.slack.addFile("F9", Buffer.from("x"), "text/plain");
    for (const target of [url, `${trap.url}/latest/meta-data/`]) {
      const job = { type: "slack.files", messageId: "m9", files: [{ id: "F9", name: "a.txt", mimetype: "text/plain", url: target }] };
      await expect(slackAdapter.runJob!(h.inbox as never, job, h.host)).rejects.toBeInstanceOf(PermanentSendError);
    }
    expect(h.slack.fileDownloads).toHaveLength(downloads);
    expect(trap.hits).toBe(0);
    await trap.close();
  });

  it("follows no redirect from the allowed origin to another host", async () => {
    const url = h.slack.addFile("F10", Buffer.from("x"), "text/plain");
    const gateway = await listen((_req, res) => res.writeHead(302, { location: url }).end());
    const inbox = { ...h.inbox, config: { ...h.inbox.config, apiUrl: `${gateway.url}/api/` } };
    const downloads = h.slack.fileDownloads.length;
    const job = {
      type: "slack.files",
      messageId: "m10",
      files: [{ id: "F10", name: "a.txt", mimetype: "text/plain", url: `${gateway.url}/files/F10` }],
    };
    await expect(slackAdapter.runJob!(inbox as never, job, h.host)).rejects.toThrow(/redirect to .* is not allowed/);
    expect(gateway.hits).toBe(1);
    expect(h.slack.fileDownloads).toHaveLength(downloads);
    await gateway.close();
  });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const state = { hits: 0 };
  const server: Server = createServer((req, res) => {
    state.hits++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get hits() {
      return state.hits;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
