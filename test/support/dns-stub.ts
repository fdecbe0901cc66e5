import dgram from "node:dgram";
import type { AddressInfo } from "node:net";

/**
 * A tiny authoritative DNS server on loopback UDP for sender-authentication tests (no network here):
 * answers TXT and A queries from `records`, NXDOMAIN for names it does not know. Enough of RFC 1035
 * for node's resolver (c-ares), which mailauth uses through `MAIL_AUTH_DNS`.
 */
export interface DnsStub {
  /** `127.0.0.1:<port>`, the value for MAIL_AUTH_DNS. */
  server: string;
  records: Map<string, { txt?: string[]; a?: string[] }>;
  /** Names asked for, lower-cased, in order. */
  queries: string[];
  stop(): Promise<void>;
}

const TYPE_A = 1;
const TYPE_TXT = 16;

export async function startDnsStub(): Promise<DnsStub> {
  const records: DnsStub["records"] = new Map();
  const queries: string[] = [];
  const socket = dgram.createSocket("udp4");
  socket.on("message", (msg, rinfo) => {
    const reply = answer(msg, records, queries);
    if (reply) socket.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address() as AddressInfo;
  return {
    server: `127.0.0.1:${port}`,
    records,
    queries,
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function answer(msg: Buffer, records: DnsStub["records"], queries: string[]): Buffer | null {
  if (msg.length < 12) return null;
  const labels: string[] = [];
  let at = 12;
  while (at < msg.length && msg[at] !== 0) {
    const len = msg[at]!;
    labels.push(msg.subarray(at + 1, at + 1 + len).toString("latin1"));
    at += 1 + len;
  }
  const questionEnd = at + 5;
  if (questionEnd > msg.length) return null;
  const qtype = msg.readUInt16BE(at + 1);
  const name = labels.join(".").toLowerCase();
  queries.push(name);
  const entry = records.get(name);
  const rdatas: Buffer[] = [];
  if (entry && qtype === TYPE_TXT) for (const txt of entry.txt ?? []) rdatas.push(txtData(txt));
  if (entry && qtype === TYPE_A) for (const ip of entry.a ?? []) rdatas.push(Buffer.from(ip.split(".").map(Number)));

  const header = Buffer.alloc(12);
  msg.copy(header, 0, 0, 2); // id
  // QR, opcode 0, AA, RD copied from the query, RA; RCODE 3 (NXDOMAIN) for unknown names.
  header.writeUInt16BE(0x8400 | (msg.readUInt16BE(2) & 0x0100) | 0x0080 | (entry ? 0 : 3), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(rdatas.length, 6);
  const question = msg.subarray(12, questionEnd);
  const answers = rdatas.map((rdata) => {
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0); // pointer to the question's name
    rr.writeUInt16BE(qtype, 2);
    rr.writeUInt16BE(1, 4); // IN
    rr.writeUInt32BE(60, 6);
    rr.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([rr, rdata]);
  });
  return Buffer.concat([header, question, ...answers]);
}

/** A TXT record's character-strings, at most 255 bytes each (DKIM keys are longer). */
function txtData(text: string): Buffer {
  const bytes = Buffer.from(text, "utf8");
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length || i === 0; i += 255) {
    const chunk = bytes.subarray(i, i + 255);
    parts.push(Buffer.from([chunk.length]), chunk);
  }
  return Buffer.concat(parts);
}
