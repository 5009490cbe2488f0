/**
 * Thrown by the OTLP decoders for any malformed input (bad protobuf, bad JSON, wrong field types,
 * invalid ids). The message is meant for the client (it goes into the google.rpc.Status of a 400
 * response), so it names the problem and, for JSON, the path of the offending field.
 */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Human-readable text of a caught value, for wrapping third-party errors. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * A UTF-8 JSON body (a leading BOM ignored) parsed to an object; `what` names the body in the
 * OtlpDecodeError that invalid JSON or a non-object gets ("JSON body", "Faro payload").
 */
export function parseJsonObject(body: Uint8Array, what: string): Record<string, unknown> {
  let text = Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new OtlpDecodeError(`${what} is not valid JSON: ${describeError(err)}`, { cause: err });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new OtlpDecodeError(`${what} is not an object`);
  return parsed as Record<string, unknown>;
}
