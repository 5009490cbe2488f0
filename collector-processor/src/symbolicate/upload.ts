/**
 * Receives a multipart upload into a staging directory: maps are streamed to disk while hashed
 * (never held whole in memory), sources are only hashed and their last bytes kept for the
 * `//# sourceMappingURL=` / `//# debugId=` comments. Nothing reaches the store until every part
 * arrived within the limits and every map validated, so a rejected request stores nothing.
 */
import busboy from 'busboy';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkSourceMap } from './lookup';
import { checkUploadPath, parseSourceComments, type SourceComments } from './names';

export interface UploadLimits {
  /** Per file part. */
  fileBytes: number;
  /** All file parts of one request together. */
  requestBytes: number;
  files: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  fileBytes: 50 * 1024 * 1024,
  requestBytes: 200 * 1024 * 1024,
  files: 2000,
};

/** Bundlers append the magic comments at the very end; this much of a source's tail is read. */
const SOURCE_TAIL_BYTES = 64 * 1024;

export class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ReceivedFile {
  /** As sent: relative to the uploaded directory. */
  relativePath: string;
  kind: 'sourcemap' | 'source';
  bytes: number;
  sha256: string;
  debugId: string | null;
  /** Sources only. */
  comments?: SourceComments;
  /** Maps only: the staged content. */
  path?: string;
}

export interface ReceivedUpload {
  urlPrefix: string | undefined;
  dist: string | undefined;
  files: ReceivedFile[];
}

/** Limits for messages, exact: 50 MB, 64 KB, 2500 bytes. */
function size(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / 1024 / 1024} MB`;
  return n % 1024 === 0 ? `${n / 1024} KB` : `${n} bytes`;
}

function kindOf(name: string): 'sourcemap' | 'source' | undefined {
  if (name.endsWith('.map')) return 'sourcemap';
  if (/\.(js|mjs|cjs)$/.test(name)) return 'source';
  return undefined;
}

/** Hashes and counts what passes through; keeps the last `tail` bytes when asked. */
class Meter extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  private chunks: Buffer[] = [];
  private kept = 0;
  constructor(private readonly tail: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.tail > 0) {
      this.chunks.push(chunk);
      this.kept += chunk.length;
      while (this.chunks.length > 1 && this.kept - this.chunks[0].length >= this.tail)
        this.kept -= this.chunks.shift()!.length;
    }
    done(null, chunk);
  }
  tailText(): string {
    const buf = Buffer.concat(this.chunks);
    return buf.subarray(Math.max(0, buf.length - this.tail)).toString('utf8');
  }
}

/**
 * Reads the multipart body into `stagingDir`. Throws UploadError (4xx) for anything the client
 * must change; the caller removes the staging directory either way.
 */
export async function receiveUpload(
  req: IncomingMessage,
  stagingDir: string,
  limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
): Promise<ReceivedUpload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type))
    throw new UploadError(
      415,
      'send multipart/form-data: file parts named "file", optional fields urlPrefix and dist',
    );
  const declared = Number(req.headers['content-length']);
  if (declared > limits.requestBytes + 1024 * 1024)
    throw new UploadError(
      413,
      `the request is ${(declared / 1024 / 1024).toFixed(1)} MB, over the ${size(limits.requestBytes)} per-request limit: upload in several requests`,
    );

  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: req.headers,
      // preservePath: the filename is the path in the build dir (busboy keeps only the basename by default).
      preservePath: true,
      limits: { fileSize: limits.fileBytes, files: limits.files, fields: 20, fieldSize: 4096 },
    });
  } catch (err) {
    throw new UploadError(400, `malformed multipart request: ${(err as Error).message}`);
  }
  const upload: ReceivedUpload = { urlPrefix: undefined, dist: undefined, files: [] };
  const writes: Promise<void>[] = [];
  const streams: Readable[] = [];
  const seen = new Set<string>();
  let total = 0;
  let failure: UploadError | undefined;
  let internal: Error | undefined;
  let finish!: () => void;
  // Settles when the parser is done, or at the first failure (the parser is then stopped).
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const fail = (status: number, message: string) => {
    failure ??= new UploadError(status, message);
    finish();
    // Stop reading: Node discards the rest of the body once the response is sent.
    req.unpipe(bb);
    req.resume();
    // With an error: a part busboy already ended but not yet drained would otherwise leave its
    // pipeline waiting for an 'end' that never comes.
    for (const s of streams) s.destroy(new Error('upload rejected'));
  };

  bb.on('field', (name, value) => {
    if (name === 'urlPrefix') upload.urlPrefix = value;
    else if (name === 'dist') upload.dist = value;
  });
  bb.on('file', (field, stream, info) => {
    stream.on('error', () => undefined); // reported through `failure`; see fail()
    if (failure) return stream.resume(); // parts the parser had buffered before it was stopped
    streams.push(stream);
    const name = info.filename ?? '';
    const problem =
      field !== 'file'
        ? `file parts must be named "file" (got "${field}")`
        : (checkUploadPath(name) && `${JSON.stringify(name)}: ${checkUploadPath(name)}`) ||
          (!kindOf(name) && `${name}: only .js, .mjs, .cjs and .map files are accepted`) ||
          (seen.has(name) && `${name} is sent twice`);
    if (problem) {
      stream.resume();
      return fail(400, problem);
    }
    seen.add(name);
    const kind = kindOf(name)!;
    const staged = kind === 'sourcemap' ? path.join(stagingDir, `${upload.files.length}.map`) : undefined;
    const meter = new Meter(kind === 'source' ? SOURCE_TAIL_BYTES : 0);
    // Maps go to disk; source code is only read for its comments, then dropped.
    const sink = staged ? createWriteStream(staged) : new Writable({ write: (_c, _e, done) => done() });
    const file: ReceivedFile = {
      relativePath: name,
      kind,
      bytes: 0,
      sha256: '',
      debugId: null,
      path: staged,
    };
    upload.files.push(file);
    stream.on('limit', () => fail(413, `${name} is over the ${size(limits.fileBytes)} per-file limit`));
    stream.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limits.requestBytes)
        fail(
          413,
          `the upload is over the ${size(limits.requestBytes)} per-request limit: upload in several requests`,
        );
    });
    writes.push(
      pipeline(stream, meter, sink).then(
        () => {
          file.bytes = meter.bytes;
          file.sha256 = meter.hash.digest('hex');
          if (kind === 'source') {
            file.comments = parseSourceComments(meter.tailText());
            file.debugId = file.comments.debugId;
          }
        },
        (err: NodeJS.ErrnoException) => {
          // A disk error is ours (500, logged by the app), a broken part the client's.
          if (err.syscall) internal ??= err;
          fail(400, `${name}: ${err.message}`);
        },
      ),
    );
  });
  bb.on('filesLimit', () =>
    fail(413, `more than ${limits.files} files in one request: upload in several requests`),
  );
  bb.on('fieldsLimit', () => fail(400, 'too many form fields: only urlPrefix and dist are read'));

  bb.once('close', finish);
  bb.once('error', (err: Error) => fail(400, `malformed multipart body: ${err.message}`));
  req.once('aborted', () => fail(400, 'the request was aborted'));
  req.pipe(bb);
  await finished;
  await Promise.allSettled(writes);
  if (internal) throw internal;
  if (failure) throw failure;
  if (upload.files.length === 0)
    throw new UploadError(
      400,
      'no files: send the build output as parts named "file" (filename = path in the build dir)',
    );
  for (const f of upload.files) {
    if (f.kind !== 'sourcemap' || !f.path) continue;
    const check = checkSourceMap(await fs.readFile(f.path, 'utf8'));
    if (!check.ok)
      throw new UploadError(400, `${f.relativePath} ${check.reason}: nothing from this upload was stored`);
    f.debugId = check.debugId;
  }
  return upload;
}
