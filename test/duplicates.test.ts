import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { startTestServer, type TestServer } from "./support/server.ts";

/**
 * Duplicate suggestions (issue 14): one pair per sign — the same phone in different formats, the same
 * email in another case or with a +tag, the same name with other spacing or word order within one
 * company, a Latin name matching a kana reading — each with its reason; dismissing is remembered by
 * later scans; merging (the existing flow) makes the suggestion go away.
 */
let server: TestServer;
let admin: string;
const run = randomBytes(3).toString("hex");
const api = (method: string, path: string, body?: unknown, token = admin) => server.api(method, path, body, token);
let companyId: string;

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
  companyId = (await api("POST", "/api/v1/companies", { name: `Dup Co ${run}` })).body.id;
});
afterAll(async () => {
  await server?.stop();
});

async function contact(name: string, fields: { email?: string; phone?: string; company?: boolean } = {}) {
  const res = await api("POST", "/api/v1/contacts", {
    name,
    email: fields.email,
    phone: fields.phone,
    companyId: fields.company ? companyId : undefined,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

/** An identity as stored before normalisation on write (issue 14) or by an integration that keeps the raw form. */
const legacyIdentity = (contactId: string, kind: string, address: string) =>
  server.ctx.db.contactIdentity.create({ data: { contactId, kind, address } });

const pairOf = (list: any, a: string, b: string) =>
  list.items.find((s: any) => {
    const ids = s.contacts.map((c: any) => c.id);
    return ids.includes(a) && ids.includes(b);
  });

const ids: Record<string, string> = {};

describe("duplicate suggestions", () => {
  it("finds each sign with its reason", async () => {
    ids.phoneA = await contact(`Phone A ${run}`, { phone: "+81 90-4321-0000" });
    ids.phoneB = await contact(`Phone B ${run}`);
    await legacyIdentity(ids.phoneB, "phone", "０９０-４３２１-００００");
    ids.plusA = await contact(`Plus A ${run}`, { email: `taro-${run}@example.jp` });
    ids.plusB = await contact(`Plus B ${run}`, { email: `taro-${run}+news@example.jp` });
    ids.caseA = await contact(`Case A ${run}`, { email: `hanako-${run}@example.jp` });
    ids.caseB = await contact(`Case B ${run}`);
    await legacyIdentity(ids.caseB, "email", `Hanako-${run}@Example.JP`);
    ids.spaced = await contact(`山田 太郎${run}`, { company: true });
    ids.joined = await contact(`山田太郎${run}`, { company: true });
    ids.elsewhere = await contact(`山田太郎${run}`);
    ids.order1 = await contact(`Suzuki Ichiro${run}`, { company: true });
    ids.order2 = await contact(`Ichiro${run} Suzuki`, { company: true });

    // A reading arrives with an import (フリガナ column); the company column links both to Dup Co.
    const form = new FormData();
    form.set("entity", "contact");
    form.set("mapping", JSON.stringify({ 氏名: "name", フリガナ: "reading", メール: "email", 会社: "company" }));
    const csv = `氏名,フリガナ,メール,会社\n山田 次郎,ヤマダ ジロウ,jiro-k-${run}@example.jp,Dup Co ${run}\nJiro Yamada,,jiro-l-${run}@example.jp,dup co ${run}\n`;
    form.set("file", new Blob([csv]), "readings.csv");
    const upload = await fetch(`${server.url}/api/v1/imports`, {
      method: "POST",
      body: form,
      headers: { authorization: `Bearer ${admin}` },
    });
    const job = (await upload.json()) as { id: string };
    await expect.poll(async () => (await api("GET", `/api/v1/imports/${job.id}`)).body.status, { timeout: 30_000 }).toBe("done");
    const kanji = await server.ctx.db.contact.findFirstOrThrow({
      where: { identities: { some: { address: `jiro-k-${run}@example.jp` } } },
    });
    const latin = await server.ctx.db.contact.findFirstOrThrow({
      where: { identities: { some: { address: `jiro-l-${run}@example.jp` } } },
    });
    expect(kanji).toMatchObject({ nameReading: "ヤマダ ジロウ", companyId });
    expect(latin.companyId).toBe(companyId);
    ids.kanji = kanji.id;
    ids.latin = latin.id;

    // The import refreshed the suggestions; refreshing again on demand finds the same.
    expect((await api("POST", "/api/v1/duplicates/refresh")).status).toBe(200);
    const list = (await api("GET", "/api/v1/duplicates")).body;
    expect(pairOf(list, ids.phoneA, ids.phoneB)?.reasons).toEqual(["phone"]);
    expect(pairOf(list, ids.plusA, ids.plusB)?.reasons).toEqual(["email"]);
    expect(pairOf(list, ids.caseA, ids.caseB)?.reasons).toEqual(["email"]);
    expect(pairOf(list, ids.spaced, ids.joined)?.reasons).toEqual(["name"]);
    expect(pairOf(list, ids.order1, ids.order2)?.reasons).toEqual(expect.arrayContaining(["name"]));
    expect(pairOf(list, ids.kanji, ids.latin)?.reasons).toEqual(["reading"]);
    // The same name outside the company is not a sign.
    expect(pairOf(list, ids.spaced, ids.elsewhere)).toBeUndefined();
    expect(pairOf(list, ids.joined, ids.elsewhere)).toBeUndefined();
    const suggestion = pairOf(list, ids.kanji, ids.latin);
    expect(suggestion.contacts.find((c: any) => c.id === ids.kanji)).toMatchObject({
      name: "山田 次郎",
      nameReading: "ヤマダ ジロウ",
      company: { id: companyId },
      identities: [{ kind: "email", address: `jiro-k-${run}@example.jp` }],
    });
  });

  it("remembers a dismissal across scans, and audits it", async () => {
    const before = (await api("GET", "/api/v1/duplicates")).body;
    const pair = pairOf(before, ids.spaced, ids.joined);
    const res = await api("POST", `/api/v1/duplicates/${pair.id}/dismiss`);
    expect(res.status).toBe(200);
    expect(res.body.dismissedAt).toBeTruthy();
    await api("POST", "/api/v1/duplicates/refresh");
    const after = (await api("GET", "/api/v1/duplicates")).body;
    expect(pairOf(after, ids.spaced, ids.joined)).toBeUndefined();
    expect(after.total).toBe(before.total - 1);
    expect(await server.ctx.db.auditLog.count({ where: { action: "duplicate.dismissed", targetId: pair.id } })).toBe(1);
    expect((await api("POST", "/api/v1/duplicates/nope/dismiss")).status).toBe(404);
  });

  it("merging through the existing merge flow removes the suggestion", async () => {
    const merged = await api("POST", `/api/v1/contacts/${ids.phoneB}/merge`, { intoId: ids.phoneA });
    expect(merged.status).toBe(200);
    expect(pairOf((await api("GET", "/api/v1/duplicates")).body, ids.phoneA, ids.phoneB)).toBeUndefined();
    await api("POST", "/api/v1/duplicates/refresh");
    expect(
      await server.ctx.db.duplicateSuggestion.count({
        where: { OR: [{ contactAId: { in: [ids.phoneA, ids.phoneB] } }, { contactBId: { in: [ids.phoneA, ids.phoneB] } }] },
      }),
    ).toBe(0);
  });
});
