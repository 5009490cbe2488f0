/** Moved to src/openapi/ (one file per area); re-exported so existing imports keep working. */
export { openApiDocument, openApiRoute } from '../openapi';
