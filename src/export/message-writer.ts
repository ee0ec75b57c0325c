/**
 * Streaming message exports: CSV, TSV and JSONL, in constant memory, with backpressure.
 *
 * Every format carries the columns of {@link MESSAGE_COLUMNS} in that order.
 *
 * - **JSONL**: one {@link MessageRow} object per line (`\n`), the same objects as `search --json`.
 * - **CSV** (RFC 4180 via csv-stringify): a header row, `,` between fields, `\n` after every record;
 *   a field is quoted with `"` when it holds `,`, `"`, `\n` or `\r`, and `"` inside is doubled. No byte
 *   order mark unless `bom: true` (for Excel, which otherwise reads UTF-8 as the local code page).
 * - **TSV** (one record per line, as PostgreSQL `COPY` and ClickHouse `TSV` write it): a header row,
 *   a tab between fields, `\n` after every record, no quoting; inside a value a backslash is written
 *   `\\`, a tab `\t`, a line feed `\n` and a carriage return `\r` (two characters each).
 *
 * Cells of CSV and TSV: `null` is an empty field, booleans are `true`/`false`, lists (`media_kinds`,
 * `urls`, `hashtags`, `mentions`) are joined by one space (none of their items holds a space), and
 * `reactions` is written `👍 12; 🔥 3; paid 5` (key, space, count; `; ` between reactions).
 */
import type { Writable } from "node:stream";
import { stringify, type Options as CsvOptions } from "csv-stringify/sync";
import type { StoredMessage } from "../store/index.js";
import { MESSAGE_COLUMNS, toMessageRow, type MessageRow } from "./message-row.js";
import { WritableSink } from "./writable-sink.js";

/** File formats of {@link writeMessages}. */
export type ExportFormat = "csv" | "tsv" | "jsonl";

/** Options of {@link writeMessages}. */
export interface WriteMessagesOptions {
  /** Stops the export: `writeMessages` rejects with the signal's reason; rows already written stay written. */
  signal?: AbortSignal;
  /** Called after each chunk handed to the output, with the number of rows written so far. */
  onProgress?: (rows: number) => void;
  /** CSV only: start the file with a UTF-8 byte order mark (`EF BB BF`) so Excel detects UTF-8. Default `false`. */
  bom?: boolean;
}

/** What {@link writeMessages} wrote. */
export interface WriteMessagesResult {
  /** Message rows written (the header line is not counted). */
  rows: number;
  /** UTF-8 bytes written, header and byte order mark included. */
  bytes: number;
}

/**
 * Rows encoded into one chunk: one `stringify` call, one `write`, about 45 KB. Measured on 20,000
 * generated messages: CSV costs ~20 µs a row with 32–64 rows a chunk, ~30 µs with 256–512 (joining
 * and collecting csv-stringify's long strings); JSONL does not care.
 */
export const ROWS_PER_CHUNK = 64;

/**
 * Writes messages to `output` in `format`, streaming: at most one chunk of {@link ROWS_PER_CHUNK} rows
 * is held in memory, and when `output.write` asks to wait, the next chunk waits for `drain`. The
 * output is not ended: the caller ends (and awaits) it, so `process.stdout` can be used too. For a
 * file, a write stream with `highWaterMark: 1 << 20` (1 MiB) waits for `drain` less often than the
 * default 16 KiB (measured ~10% faster).
 *
 * @param rows messages in the order they should appear, e.g. from `Store.iterMessages`
 * @returns the number of rows and bytes written
 * @throws the signal's reason when aborted; the output's error when it fails (e.g. `EPIPE`);
 *   {@link OutputClosedError} when the output closes first; a `RangeError` for a message with an
 *   invalid date
 */
export async function writeMessages(
  rows: AsyncIterable<StoredMessage>,
  format: ExportFormat,
  output: Writable,
  options: WriteMessagesOptions = {},
): Promise<WriteMessagesResult> {
  const { signal, onProgress } = options;
  const encoder = encoders[format](options);
  const sink = new WritableSink(output, signal);
  let written = 0;
  try {
    let batch: MessageRow[] = [];
    let first = true;
    const flush = async (): Promise<void> => {
      await sink.write(encoder.encode(batch, first));
      written += batch.length;
      first = false;
      batch = [];
      onProgress?.(written);
    };
    for await (const message of rows) {
      sink.check();
      batch.push(toMessageRow(message));
      if (batch.length === ROWS_PER_CHUNK) await flush();
    }
    if (batch.length > 0 || first) await flush();
    return { rows: written, bytes: sink.bytes };
  } finally {
    sink.release();
  }
}

/** Turns a batch of rows into text; `first` is true for the first batch (header, byte order mark). */
interface RowEncoder {
  encode(rows: readonly MessageRow[], first: boolean): string;
}

const encoders: Record<ExportFormat, (options: WriteMessagesOptions) => RowEncoder> = {
  jsonl: () => ({
    encode: (rows) => rows.map((row) => `${JSON.stringify(row)}\n`).join(""),
  }),
  csv: (options) => delimitedEncoder({ delimiter: ",", bom: options.bom === true }, (cell) => cell),
  tsv: () => delimitedEncoder({ delimiter: "\t", quote: false }, escapeTsv),
};

function delimitedEncoder(csvOptions: CsvOptions, escape: (cell: string) => string): RowEncoder {
  const header = { ...csvOptions, header: true, columns: MESSAGE_COLUMNS };
  const body = { ...csvOptions, header: false, bom: false };
  return {
    encode: (rows, first) =>
      stringify(
        rows.map((row) => MESSAGE_COLUMNS.map((column) => escape(cellText(row[column])))),
        first ? header : body,
      ),
  };
}

/** The CSV/TSV text of one {@link MessageRow} value (see the module comment). */
function cellText(value: MessageRow[keyof MessageRow]): string {
  if (value === null) return "";
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      return String(value);
    case "boolean":
      return value ? "true" : "false";
  }
  if (Array.isArray(value)) return value.join(" ");
  return Object.entries(value)
    .map(([key, count]) => `${key} ${count}`)
    .join("; ");
}

const TSV_SPECIAL = /[\\\t\n\r]/g;
const TSV_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** Backslash-escapes `\`, tab, LF and CR so a TSV value stays on its line and in its column. */
function escapeTsv(cell: string): string {
  return cell.replace(TSV_SPECIAL, (ch) => TSV_ESCAPES[ch]!);
}
