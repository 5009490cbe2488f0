/**
 * What the batch writer needs from ClickHouse: one insert per table of newline-delimited JSON
 * rows (JSONEachRow), idempotent per token.
 */
export type InsertFn = (table: string, ndjson: Buffer, rowCount: number, dedupToken: string) => Promise<void>;

/** A row ClickHouse rejects on its own, with the error it gave. */
export interface BadRow {
  /** Index of the row's line in the table chunk. */
  index: number;
  /** The JSONEachRow line, without its newline. */
  line: Buffer;
  error: unknown;
}

export interface IsolationOptions {
  insert: InsertFn;
  /** True when the rows caused `err`; any other error is rethrown and the batch retried later. */
  isDataError(err: unknown): Promise<boolean>;
  /** Whether a part was split by an earlier attempt (recorded with the in-flight batch). */
  wasSplit(token: string): boolean;
  /** Called before a part is split, so a replay after a crash splits the same way. */
  recordSplit(token: string): void;
}

const NEWLINE = 0x0a;

/** Start offsets of the lines of `ndjson`, plus its end. JSON text never holds a raw newline. */
function lineOffsets(ndjson: Buffer): number[] {
  const offsets = [0];
  for (
    let at = ndjson.indexOf(NEWLINE);
    at !== -1 && at + 1 < ndjson.length;
    at = ndjson.indexOf(NEWLINE, at + 1)
  ) {
    offsets.push(at + 1);
  }
  offsets.push(ndjson.length);
  return offsets;
}

/**
 * Inserts a table chunk of JSONEachRow lines with `token`. When ClickHouse rejects it for its data,
 * the chunk is bisected over its lines until every part is stored or is a single line that fails
 * on its own; those lines are returned (for the dead-letter table), everything else is stored.
 * A part covering lines [from, to) carries `<token>:<from>-<to>`: the same rows always get the same
 * token, so a part stored before a crash or a transient failure is not stored again on replay.
 * Too many partitions for one insert (a property of many rows together) is resolved the same way,
 * without setting anything aside: a single row never hits it.
 */
export async function insertIsolatingBadRows(
  table: string,
  ndjson: Buffer,
  rows: number,
  token: string,
  options: IsolationOptions,
): Promise<BadRow[]> {
  const bad: BadRow[] = [];
  // Lines are only located when the chunk has to be split (the rare path).
  let offsets: number[] | undefined;
  const lines = () => (offsets ??= lineOffsets(ndjson));
  const lineCount = () => lines().length - 1;

  /** Inserts lines [from, to); `to` undefined means the whole chunk, under the chunk's own token. */
  async function insertPart(from: number, to: number | undefined, partToken: string): Promise<void> {
    if (!options.wasSplit(partToken)) {
      const body = to === undefined ? ndjson : ndjson.subarray(lines()[from], lines()[to]);
      try {
        await options.insert(table, body, to === undefined ? rows : to - from, partToken);
        return;
      } catch (err) {
        if (!(await options.isDataError(err))) throw err;
        if ((to ?? lineCount()) - from <= 1) {
          const end = body[body.length - 1] === NEWLINE ? body.length - 1 : body.length;
          bad.push({ index: from, line: body.subarray(0, end), error: err });
          return;
        }
        options.recordSplit(partToken);
      }
    }
    const end = to ?? lineCount();
    const mid = from + Math.ceil((end - from) / 2);
    await insertPart(from, mid, `${token}:${from}-${mid}`);
    await insertPart(mid, end, `${token}:${mid}-${end}`);
  }

  await insertPart(0, undefined, token);
  return bad;
}
