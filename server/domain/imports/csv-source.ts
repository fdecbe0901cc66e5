import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import iconv from "iconv-lite";
import { badRequest } from "~/server/lib/errors.ts";

export type CsvEncoding = "utf-8" | "utf-8-bom" | "shift_jis";

/**
 * Decides the encoding of an upload while it is being stored, chunk by chunk: a UTF-8 BOM, else UTF-8
 * if every byte sequence is valid UTF-8, else Shift_JIS — what Excel in Japan saves CSV as. Shift_JIS
 * Japanese text is almost never valid UTF-8 (its lead bytes 0x81–0x9F are UTF-8 continuation bytes).
 */
export class EncodingSniffer {
  private decoder = new TextDecoder("utf-8", { fatal: true });
  private head: number[] = [];
  private valid = true;

  feed(chunk: Buffer) {
    if (this.head.length < 3) this.head.push(...chunk.subarray(0, 3 - this.head.length));
    if (!this.valid) return;
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      this.valid = false;
    }
  }

  encoding(): CsvEncoding {
    if (this.head[0] === 0xef && this.head[1] === 0xbb && this.head[2] === 0xbf) return "utf-8-bom";
    if (this.valid) {
      try {
        this.decoder.decode();
      } catch {
        // A multi-byte sequence cut off at the very end: not UTF-8 after all.
        return "shift_jis";
      }
      return "utf-8";
    }
    return "shift_jis";
  }
}

/** A record of the file (row 1 is the header) or the reason a row could not be read. */
export type CsvItem = { row: number; fields: string[] } | { row: number; error: string };

// Excel's "Shift_JIS" is Windows-31J (CP932): it adds ①, ㈱, NEC and IBM extensions to Shift_JIS.
const DECODER: Record<CsvEncoding, string> = { "utf-8": "utf-8", "utf-8-bom": "utf-8", shift_jis: "cp932" };

/**
 * The stored file as a stream of records, decoded (iconv-lite strips a BOM) and parsed with
 * backpressure, so a 100,000-row file is never held in memory. Broken rows (a stray quote, a quote
 * never closed) come out as errors in their place; reading goes on after them.
 */
export function readCsv(file: string, encoding: CsvEncoding) {
  let bytesRead = 0;
  const input = createReadStream(file);
  input.on("data", (chunk) => {
    bytesRead += chunk.length;
  });
  const parser = parse({ relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true, info: true });
  // Skipped records are reported out of band, in parse order: each is put back between the records around it.
  const skipped: { before: number; error: string }[] = [];
  parser.on("skip", (err: Error & { records?: number; code?: string }) => {
    skipped.push({ before: err.records ?? 0, error: describeCsvError(err) });
  });
  input.on("error", (err) => parser.destroy(err));
  input.pipe(iconv.decodeStream(DECODER[encoding])).pipe(parser);

  async function* records(): AsyncGenerator<CsvItem> {
    let row = 0;
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
      while (skipped.length && skipped[0]!.before < info.records) yield { row: ++row, error: skipped.shift()!.error };
      yield { row: ++row, fields: record };
    }
    for (const s of skipped.splice(0)) yield { row: ++row, error: s.error };
  }
  return { records: records(), bytesRead: () => bytesRead, close: () => input.destroy() };
}

function describeCsvError(err: Error & { code?: string }) {
  if (err.code === "CSV_QUOTE_NOT_CLOSED") return "a quoted field is never closed: the rest of the file from this row could not be read";
  if (err.code === "INVALID_OPENING_QUOTE" || err.code === "CSV_INVALID_CLOSING_QUOTE")
    return 'a stray double quote inside a field (quote the whole field and double the quote: "")';
  return `the row could not be read as CSV (${err.message})`;
}

const PREVIEW_ROWS = 5;

/** The header (made unique and non-empty) and the first rows of a stored file. */
export async function readHead(file: string, encoding: CsvEncoding) {
  const csv = readCsv(file, encoding);
  const rows: string[][] = [];
  try {
    for await (const item of csv.records) {
      if ("error" in item) {
        if (item.row === 1) throw badRequest(`The header row could not be read: ${item.error}`);
        continue;
      }
      rows.push(item.fields);
      if (rows.length > PREVIEW_ROWS) break;
    }
  } finally {
    csv.close();
  }
  const [header, ...preview] = rows;
  if (!header) throw badRequest("The file is empty: the first row must name the columns");
  const seen = new Map<string, number>();
  const headers = header.map((raw, i) => {
    const name = raw.trim() || `Column ${i + 1}`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n > 1 ? `${name} (${n})` : name;
  });
  return { headers, preview };
}
