import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sid, startFakeTwilio, type FakeTwilio } from "~/test/support/fake-twilio.ts";
import { PermanentSendError, RetryableSendError } from "~/integrations/core/types.ts";
import type { TwilioSmsConfig } from "./config.ts";
import { MEDIA_MAX_BYTES, fetchMedia, type FetchMediaJob } from "./media.ts";

let fake: FakeTwilio;
let other: FakeTwilio;
let config: TwilioSmsConfig;

beforeAll(async () => {
  fake = await startFakeTwilio();
  other = await startFakeTwilio();
  config = {
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    phoneNumber: "+815012345678",
    apiBaseUrl: fake.url,
  };
});
afterAll(async () => {
  await fake.close();
  await other.close();
});

const job = (url: string, contentType = "image/jpeg"): FetchMediaJob => ({
  type: "fetch-media",
  messageId: "m1",
  messageSid: "SM0001",
  index: 0,
  url,
  contentType,
});

async function failure(promise: Promise<unknown>) {
  return promise.then(
    () => expect.unreachable("the download should fail"),
    (error: Error) => error,
  );
}

describe("fetchMedia", () => {
  it("downloads with the inbox's credentials and names the file after the message", async () => {
    const body = Buffer.from("GIF89a...");
    const url = fake.addMedia("image/gif", body);
    const attachment = await fetchMedia(config, job(url, "image/gif"));
    expect(attachment).toEqual({ filename: "SM0001-1.gif", contentType: "image/gif", content: body });
    expect(fake.requests.at(-1)).toMatchObject({ method: "GET", authorized: true });
  });

  it("fetches nothing from an origin other than Twilio's or the inbox's apiBaseUrl", async () => {
    const url = other.addMedia("image/png", Buffer.from("png"));
    const error = await failure(fetchMedia(config, job(url, "image/png")));
    expect(error).toBeInstanceOf(PermanentSendError);
    expect(error.message).toMatch(/URL of media 1 of SM0001 was refused: .* is not an allowed origin/);
    expect(other.requests).toHaveLength(0);
  });

  it("reports a media URL that never answers as a retryable timeout", async () => {
    // A short limit for this one only: the others keep the real one, so a loaded machine's slow
    // answer is not mistaken for a timeout.
    const error = await failure(fetchMedia({ ...config, mediaTimeoutMs: 300 }, job(fake.hangingMediaUrl())));
    expect(error).toBeInstanceOf(RetryableSendError);
    expect(error.message).toMatch(/timed out/);
  });

  it("fails visibly when the URL serves an HTML page, even one labelled as an image", async () => {
    const html = await failure(fetchMedia(config, job(fake.htmlMediaUrl())));
    expect(html).toBeInstanceOf(PermanentSendError);
    expect(html.message).toMatch(/HTML page instead of the media file/);
    const disguised = fake.addMedia("image/jpeg", Buffer.from("  <!DOCTYPE html><html>error</html>"));
    expect((await failure(fetchMedia(config, job(disguised)))).message).toMatch(/HTML page/);
  });

  it("refuses types outside the allowlist and files over the size limit", async () => {
    const exe = fake.addMedia("application/x-msdownload", Buffer.from("MZ"));
    const typeError = await failure(fetchMedia(config, job(exe, "application/x-msdownload")));
    expect(typeError).toBeInstanceOf(PermanentSendError);
    expect(typeError.message).toMatch(/application\/x-msdownload, which is not accepted/);

    const big = fake.addMedia("video/mp4", Buffer.alloc(MEDIA_MAX_BYTES + 1));
    expect((await failure(fetchMedia(config, job(big, "video/mp4")))).message).toMatch(/larger than 10 MB/);
  });

  it("keeps 404 permanent and a Twilio outage retryable", async () => {
    const missing = `${fake.url}/2010-04-01/Accounts/${fake.accountSid}/Messages/${sid("MM")}/Media/${sid("ME")}`;
    expect(await failure(fetchMedia(config, job(missing)))).toBeInstanceOf(PermanentSendError);
    const down = { ...config, apiBaseUrl: "http://127.0.0.1:9" };
    const unreachable = await failure(fetchMedia(down, job("http://127.0.0.1:9/media")));
    expect(unreachable).toBeInstanceOf(RetryableSendError);
    expect(unreachable.message).toMatch(/Could not download media 1 of SM0001/);
  });
});
