import { describe, expect, it } from "vitest";
import { PermanentSendError, RetryableSendError, UnknownOutcomeSendError } from "~/integrations/core/types.ts";
import { toSendError } from "./send.ts";
import { rebase } from "./twilio-client.ts";

describe("toSendError", () => {
  it("retries rate limits, Twilio outages and network failures", () => {
    expect(toSendError({ status: 429, code: 20429, message: "Too Many Requests" })).toBeInstanceOf(RetryableSendError);
    expect(toSendError({ status: 503, message: "Service Unavailable" })).toBeInstanceOf(RetryableSendError);
    const network = toSendError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }));
    expect(network).toBeInstanceOf(RetryableSendError);
    expect(network.message).toMatch(/Could not reach Twilio: connect ECONNREFUSED/);
  });

  it("calls a timeout or a reset connection after the request went out unknown, never plain retryable", () => {
    const timeout = toSendError(Object.assign(new Error("timeout of 15000ms exceeded"), { code: "ECONNABORTED" }));
    expect(timeout).toBeInstanceOf(UnknownOutcomeSendError);
    expect(timeout.message).toMatch(/No answer from Twilio: timeout/);
    expect(toSendError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBeInstanceOf(UnknownOutcomeSendError);
    expect(toSendError(new Error("something odd"))).toBeInstanceOf(UnknownOutcomeSendError);
  });

  it("fails for good on 4xx, keeping Twilio's code and explaining it", () => {
    const optedOut = toSendError({ status: 400, code: 21610, message: "Attempt to send to unsubscribed recipient" });
    expect(optedOut).toBeInstanceOf(PermanentSendError);
    expect((optedOut as PermanentSendError).code).toBe("21610");
    expect(optedOut.message).toMatch(/^21610: The recipient has opted out/);

    const invalid = toSendError({ status: 400, code: 21211, message: "Invalid 'To' Phone Number" });
    expect((invalid as PermanentSendError).code).toBe("21211");
    expect(invalid.message).toMatch(/not a valid number/);

    const noCode = toSendError({ status: 404, message: "Not found" });
    expect(noCode).toBeInstanceOf(PermanentSendError);
    expect(noCode.message).toBe("Twilio refused the message (HTTP 404): Not found");
  });
});

describe("rebase", () => {
  it("moves Twilio API URLs onto the configured base URL, keeping path and query", () => {
    expect(rebase("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?x=1", "http://127.0.0.1:4010")).toBe(
      "http://127.0.0.1:4010/2010-04-01/Accounts/AC1/Messages.json?x=1",
    );
    expect(rebase("https://api.tokyo.jp1.twilio.com/2010-04-01/x", "https://gw.example/twilio/")).toBe(
      "https://gw.example/twilio/2010-04-01/x",
    );
  });

  it("leaves other hosts alone", () => {
    expect(rebase("https://example.com/a", "http://127.0.0.1:4010")).toBe("https://example.com/a");
  });
});
