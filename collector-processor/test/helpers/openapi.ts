/**
 * Reading the OpenAPI document in tests: operations by id, and an ajv (draft 2020-12, as OpenAPI
 * 3.1 uses) that resolves the document's own `#/components/...` references.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../src/openapi';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = Record<string, any>;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every operation as `METHOD /path` with its object. */
export function operations(doc: Doc): Array<{ key: string; path: string; method: string; op: Doc }> {
  return Object.entries(doc.paths as Record<string, Doc>).flatMap(([path, item]) =>
    HTTP_METHODS.filter((m) => item[m]).map((m) => ({
      key: `${m.toUpperCase()} ${path}`,
      path,
      method: m,
      op: item[m] as Doc,
    })),
  );
}

export function operation(doc: Doc, operationId: string) {
  const found = operations(doc).find((o) => o.op.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId} in the document`);
  return found;
}

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** A validator of the document, built once; `validator(pointer)` checks values against a schema. */
export function documentValidator(doc: Doc = JSON.parse(JSON.stringify(openApiDocument()))) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // Schemas carry `$schema`; as a whole the document is one schema whose parts are referenced.
  ajv.addSchema({ ...doc, $id: 'openapi' });
  const cache = new Map<string, ReturnType<typeof ajv.compile>>();
  const at = (ref: string) => {
    let fn = cache.get(ref);
    if (!fn) cache.set(ref, (fn = ajv.compile({ $ref: `openapi#${ref}` })));
    return fn;
  };
  return {
    /** The JSON request body schema of an operation. */
    requestBody(operationId: string) {
      const { path, method } = operation(doc, operationId);
      return at(`/${pointer('paths', path, method, 'requestBody', 'content', 'application/json', 'schema')}`);
    },
    /** The JSON schema of an operation's answer with this status. */
    response(operationId: string, status: number) {
      const { path, method } = operation(doc, operationId);
      return at(
        `/${pointer('paths', path, method, 'responses', String(status), 'content', 'application/json', 'schema')}`,
      );
    },
  };
}
