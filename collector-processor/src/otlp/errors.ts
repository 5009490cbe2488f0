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
