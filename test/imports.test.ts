import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import iconv from "iconv-lite";
import { startTestServer, type TestServer } from "./support/server.ts";

/**
 * CSV import through REST API v1 (issue 14): multipart upload, encoding detection (UTF-8 with and
 * without BOM, Shift_JIS), the mapping step, dry runs that write nothing, matching by email and phone,
 * attribute validation, broken rows reported per row, idempotent re-runs, companies, the 413.
 */
let server: TestServer;
let admin: string;
const run = randomBytes(3).toString("hex");
const api = (method: string, path: string, body?: unknown, token = admin) => server.api(method, path, body, token);
const MAX = 64 * 1024;

beforeAll(async () => {
  server = await startTestServer({ ui: false, env: { IMPORT_MAX_BYTES: String(MAX) } });
  admin = await server.apiToken();
});
afterAll(async () => {
  await server?.stop();
});

async function upload(bytes: Buffer | string, fields: Record<string, string>, token = admin) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("file", new Blob([new Uint8Array(typeof bytes === "string" ? Buffer.from(bytes) : bytes)]), `people-${run}.csv`);
  const res = await fetch(`${server.url}/api/v1/imports`, { method: "POST", body: form, headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as any };
}

async function finished(id: string) {
  let job: any;
  await expect
    .poll(
      async () => {
        job = (await api("GET", `/api/v1/imports/${id}`)).body;
        return job.status;
      },
      { timeout: 30_000 },
    )
    .toMatch(/^(done|failed)$/);
  return job;
}

async function importCsv(bytes: Buffer | string, entity: string, mapping: Record<string, string>, dryRun = false) {
  const res = await upload(bytes, { entity, mapping: JSON.stringify(mapping), dryRun: String(dryRun) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return finished(res.body.id);
}

const contactsWith = (emailDomain: string) =>
  server.ctx.db.contact.count({ where: { identities: { some: { kind: "email", address: { endsWith: `@${emailDomain}` } } } } });

describe("upload and mapping step", () => {
  it("reads a UTF-8 file with a BOM, suggests a mapping from Japanese headers, and waits for it", async () => {
    const csv = `\uFEFF氏名,メールアドレス,電話番号,会社名,メモ\n山田 太郎,taro@bom-${run}.jp,090-1111-2222,BOM商事 ${run},x\n`;
    const res = await upload(csv, { entity: "contact" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: "awaiting_mapping",
      encoding: "utf-8-bom",
      headers: ["氏名", "メールアドレス", "電話番号", "会社名", "メモ"],
      mapping: { 氏名: "name", メールアドレス: "email", 電話番号: "phone", 会社名: "company", メモ: "" },
      preview: [["山田 太郎", `taro@bom-${run}.jp`, "090-1111-2222", `BOM商事 ${run}`, "x"]],
      canRun: true,
    });
    expect(await contactsWith(`bom-${run}.jp`)).toBe(0);

    // Dry run on the stored file: what would happen, nothing written.
    const dry = await api("POST", `/api/v1/imports/${res.body.id}/run`, { dryRun: true });
    expect(dry.status).toBe(202);
    const dryJob = await finished(res.body.id);
    expect(dryJob).toMatchObject({ status: "done", dryRun: true, counts: { created: 1, updated: 0, rejected: 0 } });
    expect(dryJob.results[0]).toMatchObject({ row: 2, action: "create", label: "山田 太郎" });
    expect(dryJob.results[0].changes).toEqual(expect.arrayContaining(["name", "email", "phone", "company (new)"]));
    expect(await contactsWith(`bom-${run}.jp`)).toBe(0);
    expect(await server.ctx.db.company.count({ where: { name: `BOM商事 ${run}` } })).toBe(0);

    // The real run: created, with the company; the file is gone afterwards.
    await api("POST", `/api/v1/imports/${res.body.id}/run`, { dryRun: false });
    const real = await finished(res.body.id);
    expect(real).toMatchObject({ status: "done", dryRun: false, counts: { created: 1 }, canRun: false });
    const contact = await server.ctx.db.contact.findFirstOrThrow({
      where: { identities: { some: { address: `taro@bom-${run}.jp` } } },
      select: { name: true, company: { select: { name: true } }, identities: { select: { kind: true, address: true } } },
    });
    expect(contact).toMatchObject({ name: "山田 太郎", company: { name: `BOM商事 ${run}` } });
    expect(contact.identities).toContainEqual({ kind: "phone", address: "+819011112222" });
    expect((await api("POST", `/api/v1/imports/${res.body.id}/run`, { dryRun: true })).status).toBe(409);
    const audit = await server.ctx.db.auditLog.findFirst({ where: { action: "import.run", targetId: res.body.id } });
    expect(audit?.after).toMatchObject({ entity: "contact", status: "done", created: 1 });
  });

  it("refuses a mapping that names no column to match on, or a field that does not exist", async () => {
    const res = await upload("Name,Notes\nA,B\n", { entity: "contact", mapping: JSON.stringify({ Name: "name" }) });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/at least one of id, email, phone/);
    const bad = await upload("Email\na@b.jp\n", { entity: "contact", mapping: JSON.stringify({ Email: "shoe_size" }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/"shoe_size" is not a field of a contact/);
  });

  it("answers 413 for a file over IMPORT_MAX_BYTES and 415 for a body that is not multipart", async () => {
    const big = `Email\n${"x".repeat(MAX + 10)}\n`;
    const res = await upload(big, { entity: "contact" });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/larger than/);
    const raw = await fetch(`${server.url}/api/v1/imports`, {
      method: "POST",
      body: "Email\na@b.jp\n",
      headers: { authorization: `Bearer ${admin}`, "content-type": "text/csv" },
    });
    expect(raw.status).toBe(415);
  });

  it("is for admins only", async () => {
    const user = await api("POST", "/api/v1/users", {
      email: `agent-${run}@test.local`,
      name: "Agent",
      role: "agent",
      password: "agent password 123",
    });
    const agent = await server.apiToken(user.body.id);
    expect((await upload("Email\na@b.jp\n", { entity: "contact" }, agent)).status).toBe(403);
  });
});

describe("encodings", () => {
  it("reads UTF-8 without a BOM", async () => {
    const job = await importCsv(`Name,Email\nÉlodie Ünal,elodie@plain-${run}.jp\n`, "contact", { Name: "name", Email: "email" });
    expect(job).toMatchObject({ encoding: "utf-8", counts: { created: 1 } });
    expect(await server.ctx.db.contact.count({ where: { name: "Élodie Ünal" } })).toBe(1);
  });

  it("reads Shift_JIS (Excel in Japan), including CP932 characters like ㈱ and ①", async () => {
    const text = `名前,メール,会社\n佐藤 花子,hanako@sjis-${run}.jp,㈱サンプル${run}\n髙橋 ①郎,ichiro@sjis-${run}.jp,㈱サンプル${run}\n`;
    const bytes = iconv.encode(text, "cp932");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const res = await upload(bytes, { entity: "contact" });
    expect(res.body).toMatchObject({ encoding: "shift_jis", headers: ["名前", "メール", "会社"] });
    await api("POST", `/api/v1/imports/${res.body.id}/run`, {});
    const job = await finished(res.body.id);
    expect(job.counts).toMatchObject({ created: 2, rejected: 0 });
    const names = await server.ctx.db.contact.findMany({
      where: { identities: { some: { address: { endsWith: `@sjis-${run}.jp` } } } },
      select: { name: true, company: { select: { name: true } } },
      orderBy: { name: "asc" },
    });
    // NFKC on write makes ㈱ "(株)" and ① "1".
    expect(names).toEqual([
      { name: "佐藤 花子", company: { name: `(株)サンプル${run}` } },
      { name: "髙橋 1郎", company: { name: `(株)サンプル${run}` } },
    ]);
  });
});

describe("matching, validation and re-runs", () => {
  it("matches existing contacts by email in any case and by phone in any Japanese form", async () => {
    const created = await api("POST", "/api/v1/contacts", {
      name: "Match Me",
      email: `Match-${run}@Example.jp`,
      phone: "+81 80-3333-4444",
    });
    expect(created.status).toBe(201);
    const csv = [
      "Name,Email,Phone",
      `Match Me,MATCH-${run}@example.jp,`,
      ",,080-3333-4444",
      ",,０８０３３３３４４４４",
      ",,+81 80 3333 4444",
    ].join("\n");
    const job = await importCsv(csv, "contact", { Name: "name", Email: "email", Phone: "phone" });
    expect(job.counts).toEqual({ created: 0, updated: 0, unchanged: 4, rejected: 0 });
    expect(await server.ctx.db.contact.count({ where: { name: "Match Me" } })).toBe(1);
  });

  it("rejects a row whose email and phone belong to two different contacts, and invalid addresses", async () => {
    await api("POST", "/api/v1/contacts", { name: "Owner A", email: `owner-a-${run}@example.jp` });
    await api("POST", "/api/v1/contacts", { name: "Owner B", phone: "+81 90-5555-6666" });
    const csv = `Email,Phone\nowner-a-${run}@example.jp,090-5555-6666\nnot-an-email,\n,12\n`;
    const job = await importCsv(csv, "contact", { Email: "email", Phone: "phone" });
    expect(job.counts).toMatchObject({ created: 0, rejected: 3 });
    expect(job.errors.map((e: any) => [e.row, e.reason])).toEqual([
      [2, expect.stringMatching(/matches different contacts .*Owner A.*Owner B.*merge them first/)],
      [3, 'email: "not-an-email" is not a valid email address'],
      [4, 'phone: "12" is not a valid phone number'],
    ]);
  });

  it("validates attribute values like every other path, rejecting the row with the attribute named", async () => {
    await api("POST", "/api/v1/attributes", {
      entity: "contact",
      key: `tier_${run}`,
      label: "Tier",
      labelJa: "ランク",
      type: "single_select",
      options: ["gold", "silver"],
    });
    await api("POST", "/api/v1/attributes", { entity: "contact", key: `since_${run}`, label: "Since", type: "date" });
    const csv = `メール,ランク,Since\nattr1-${run}@example.jp,gold,2026-01-31\nattr2-${run}@example.jp,bronze,2026-02-30\n`;
    const res = await upload(csv, { entity: "contact" });
    // Attribute columns are suggested by label (English or Japanese) or key.
    expect(res.body.mapping).toEqual({ メール: "email", ランク: `attributes.tier_${run}`, Since: `attributes.since_${run}` });
    await api("POST", `/api/v1/imports/${res.body.id}/run`, {});
    const job = await finished(res.body.id);
    expect(job.counts).toMatchObject({ created: 1, rejected: 1 });
    expect(job.errors[0].row).toBe(3);
    expect(job.errors[0].reason).toContain(`attribute tier_${run} (Tier): expects one of gold, silver`);
    expect(job.errors[0].reason).toContain(`attribute since_${run} (Since): expects a date`);
    const stored = await server.ctx.db.contact.findFirstOrThrow({
      where: { identities: { some: { address: `attr1-${run}@example.jp` } } },
      select: { attributes: true },
    });
    expect(stored.attributes).toEqual({ [`tier_${run}`]: "gold", [`since_${run}`]: "2026-01-31" });
  });

  it("imports the same file twice: the second run creates nothing; a changed value is an update", async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `Person ${i},p${i}-${run}@rerun.jp,+81 90-7000-${String(1000 + i)}`);
    const csv = `Name,Email,Phone\n${rows.join("\n")}\n`;
    const mapping = { Name: "name", Email: "email", Phone: "phone" };
    expect((await importCsv(csv, "contact", mapping)).counts).toEqual({ created: 30, updated: 0, unchanged: 0, rejected: 0 });
    expect((await importCsv(csv, "contact", mapping)).counts).toEqual({ created: 0, updated: 0, unchanged: 30, rejected: 0 });
    const changed = csv.replace("Person 7,", "Person Seven,");
    const third = await importCsv(changed, "contact", mapping);
    expect(third.counts).toEqual({ created: 0, updated: 1, unchanged: 29, rejected: 0 });
    expect(third.results.find((r: any) => r.action === "update")).toMatchObject({ row: 9, label: "Person Seven", changes: ["name"] });
    expect(await server.ctx.db.contactIdentity.count({ where: { address: { endsWith: `-${run}@rerun.jp` } } })).toBe(30);
  });

  it("a row repeating a person of an earlier row in the same file updates that person, never a second contact", async () => {
    const csv = `Name,Email\nTwice,twice-${run}@example.jp\nTwice,TWICE-${run}@example.jp\n`;
    const job = await importCsv(csv, "contact", { Name: "name", Email: "email" });
    expect(job.counts).toMatchObject({ created: 1, unchanged: 1 });
    expect(
      await server.ctx.db.contact.count({ where: { name: "Twice", identities: { some: { address: `twice-${run}@example.jp` } } } }),
    ).toBe(1);
  });
});

describe("broken files", () => {
  it("reports a wrong column count, a stray quote and an unclosed quote per row, and imports every other row", async () => {
    const csv = [
      "Name,Email",
      `Good One,good1-${run}@broken.jp`,
      `Too,many,fields-${run}@broken.jp`,
      `Stray "quote,stray-${run}@broken.jp`,
      `Good Two,good2-${run}@broken.jp`,
      `"Never closed,open-${run}@broken.jp`,
      `Lost,lost-${run}@broken.jp`,
    ].join("\n");
    for (const dryRun of [true, false]) {
      const job = await importCsv(csv, "contact", { Name: "name", Email: "email" }, dryRun);
      expect(job.status).toBe("done");
      expect(job.counts).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 3 });
      expect(job.errors.map((e: any) => [e.row, e.reason])).toEqual([
        [3, "has 3 fields, the header has 2"],
        [4, expect.stringMatching(/stray double quote/)],
        [6, expect.stringMatching(/quoted field is never closed/)],
      ]);
      expect(await contactsWith("broken.jp")).toBe(dryRun ? 0 : 2);
    }
  });

  it("an empty file is a 400, not a job", async () => {
    const res = await upload("", { entity: "contact" });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/empty/);
  });
});

describe("companies", () => {
  it("creates companies with domains, matches them by domain or name on the next run, and refuses free-mail domains", async () => {
    const csv = `会社名,ドメイン,備考\nAcme ${run},acme-${run}.co.jp,first\nFree ${run},gmail.com,x\n`;
    const res = await upload(csv, { entity: "company" });
    expect(res.body.mapping).toEqual({ 会社名: "name", ドメイン: "domains", 備考: "notes" });
    await api("POST", `/api/v1/imports/${res.body.id}/run`, {});
    const job = await finished(res.body.id);
    expect(job.counts).toMatchObject({ created: 1, rejected: 1 });
    expect(job.errors[0]).toMatchObject({ row: 3, reason: expect.stringMatching(/gmail\.com is a free-mail domain/) });
    const acme = await server.ctx.db.company.findFirstOrThrow({
      where: { name: `Acme ${run}` },
      select: { id: true, notes: true, domains: true },
    });
    expect(acme.notes).toBe("first");
    expect(acme.domains.map((d) => d.domain)).toEqual([`acme-${run}.co.jp`]);

    const again = await importCsv(`Company,Domain,Notes\nAcme ${run},,first\nRenamed ${run},acme-${run}.co.jp,second\n`, "company", {
      Company: "name",
      Domain: "domains",
      Notes: "notes",
    });
    expect(again.counts).toEqual({ created: 0, updated: 1, unchanged: 1, rejected: 0 });
    expect(await server.ctx.db.company.findUniqueOrThrow({ where: { id: acme.id }, select: { name: true, notes: true } })).toEqual({
      name: `Renamed ${run}`,
      notes: "second",
    });
  });
});
