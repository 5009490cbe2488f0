/** OTLP/HTTP codec: request decoding (protobuf + JSON) and response encoding. */
export { decodeOtlp } from './decode';
export { OtlpDecodeError } from './errors';
export { encodeExportResponse, encodeStatus, type OtlpEncoding, type PartialSuccess } from './responses';
