import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { originCheck, originRejection } from "./origin-check.ts";

const env = { PUBLIC_URL: "https://support.example.com" };
let server: Server;
let base: string;
let host: string;

beforeAll(async () => {
  const app = express();
  app.use(originCheck(env));
  app.all("/{*rest}", (_req, res) => void res.send("ok"));
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `http://${host}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const send = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  fetch(base + path, { method: "POST", redirect: "manual", ...init });
const SESSION = "__Host-sb_session=abcdefghijklmnopqrstuvwx.abcdefghijklmnopqrstuvwx";

describe("originCheck middleware", () => {
  it("lets same-origin state changes through (PUBLIC_URL or own Host)", async () => {
    expect((await send("/api/v1/conversations", { headers: { origin: "https://support.example.com", cookie: SESSION } })).status).toBe(200);
    expect((await send("/logout", { headers: { referer: "https://support.example.com/inbox?x=1" } })).status).toBe(200);
  });

  it("refuses a foreign Origin with JSON for the API and plain text elsewhere", async () => {
    const api = await send("/api/v1/conversations/1", { method: "DELETE", headers: { origin: "https://evil.example", cookie: SESSION } });
    expect(api.status).toBe(403);
    expect(await api.json()).toEqual({
      error: { code: "forbidden", message: "Cross-site request refused: this request must come from https://support.example.com" },
    });
    const page = await send("/settings", { headers: { origin: "https://evil.example", cookie: SESSION } });
    expect(page.status).toBe(403);
    expect(page.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await page.text()).toMatch(/Cross-site request refused/);
  });

  it("checks PUT and PATCH too, but never safe methods", async () => {
    for (const method of ["PUT", "PATCH"]) {
      expect((await send("/x", { method, headers: { origin: "https://evil.example" } })).status).toBe(403);
    }
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect((await send("/x", { method, headers: { origin: "https://evil.example" } })).status).toBe(200);
    }
  });

  it("exempts Bearer-authenticated requests, webhooks and the widget", async () => {
    const evil = { origin: "https://evil.example" };
    expect((await send("/api/v1/messages", { headers: { ...evil, authorization: "Bearer sb_x" } })).status).toBe(200);
    expect((await send("/webhooks/twilio/abc", { headers: evil })).status).toBe(200);
    expect((await send("/widget", { headers: evil })).status).toBe(200);
    expect((await send("/widget/messages?x=1", { headers: evil })).status).toBe(200);
    expect((await send("/widgets-admin", { headers: evil })).status).toBe(403);
    expect((await send("/api/v1/messages", { headers: { ...evil, authorization: "Basic dTpw" } })).status).toBe(403);
  });

  it("refuses a missing Origin when a session cookie rides along, allows it otherwise", async () => {
    expect((await send("/api/v1/auth/token")).status).toBe(200);
    expect((await send("/api/v1/messages", { headers: { cookie: SESSION } })).status).toBe(403);
  });

  it("refuses Origin: null and unreadable values", async () => {
    expect((await send("/x", { headers: { origin: "null" } })).status).toBe(403);
    expect((await send("/x", { headers: { referer: "::not a url::" } })).status).toBe(403);
  });
});

describe("originRejection", () => {
  const req = (headers: Record<string, string>, path = "/x") => ({ method: "POST", path, headers });

  it("accepts the request's own Host but not a plain-http page for an https install", () => {
    expect(originRejection(env, req({ origin: "https://10.0.0.5:3000", host: "10.0.0.5:3000" }))).toBeNull();
    expect(originRejection(env, req({ origin: "http://10.0.0.5:3000", host: "10.0.0.5:3000" }))).toMatch(/refused/);
    const httpEnv = { PUBLIC_URL: "http://localhost:3000" };
    expect(originRejection(httpEnv, req({ origin: "http://192.168.1.9:3000", host: "192.168.1.9:3000" }))).toBeNull();
    expect(originRejection(httpEnv, req({ origin: "http://localhost:3001", host: "localhost:3000" }))).toMatch(/refused/);
  });

  it("compares whole origins, so look-alike hosts fail", () => {
    for (const origin of ["https://support.example.com.evil.example", "https://evil-support.example.com", "http://support.example.com"]) {
      expect(originRejection(env, req({ origin, host: "support.example.com" }))).toMatch(/refused/);
    }
    expect(originRejection(env, req({ origin: "https://SUPPORT.example.com" }))).toBeNull();
  });
});
