import type { DecodedRequest, Signal } from '../pipeline/types';
import { describeError, OtlpDecodeError } from './errors';
import { decodeJson } from './json';
import { decodeProtobuf } from './protobuf';
import type { OtlpEncoding } from './responses';

/**
 * Decodes an OTLP/HTTP export request body (already decompressed) into the transport-neutral
 * model. Throws OtlpDecodeError, and only that, for any malformed input.
 */
export function decodeOtlp(signal: Signal, body: Buffer, encoding: OtlpEncoding): DecodedRequest {
  try {
    return encoding === 'json' ? decodeJson(signal, body) : decodeProtobuf(signal, body);
  } catch (err) {
    if (err instanceof OtlpDecodeError) throw err;
    // Defensive: nothing else is expected, but garbage must never surface as a 500.
    throw new OtlpDecodeError(`${encoding} payload could not be decoded: ${describeError(err)}`, {
      cause: err,
    });
  }
}
