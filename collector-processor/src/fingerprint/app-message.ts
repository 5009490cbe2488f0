/**
 * Whether an exception's message was written by the app (`throw new ApiError('Order not found')`)
 * or by the JavaScript engine / the browser (`Failed to fetch`, `too much recursion`). Grouping
 * adds an app-written message to the crash site, so different faults thrown from one shared
 * helper are different issues; engine messages never count there, because V8, SpiderMonkey and
 * JavaScriptCore word the same fault differently and would split one bug by browser.
 *
 * When unsure, the message is treated as the engine's: that costs at worst the v2 behaviour (two
 * faults of one helper in one issue), while a missed engine message would split every browser.
 */
import { canonicalEngineMessage, stripPrefixes } from './message';

/** Types only the engine or the DOM constructs in practice: their message is always the browser's. */
const BROWSER_ONLY_TYPES = new Set([
  'InternalError', // SpiderMonkey: "too much recursion", "allocation size overflow"
  'DOMException',
  // DOMException names (error.name), the same in Chromium, Firefox and Safari.
  'AbortError',
  'ConstraintError',
  'DataCloneError',
  'DataError',
  'EncodingError',
  'HierarchyRequestError',
  'IndexSizeError',
  'InUseAttributeError',
  'InvalidAccessError',
  'InvalidCharacterError',
  'InvalidModificationError',
  'InvalidNodeTypeError',
  'InvalidStateError',
  'NamespaceError',
  'NetworkError',
  'NoModificationAllowedError',
  'NotAllowedError',
  'NotFoundError',
  'NotReadableError',
  'NotSupportedError',
  'OperationError',
  'OptOutError',
  'QuotaExceededError',
  'ReadOnlyError',
  'SecurityError',
  'TimeoutError',
  'TransactionInactiveError',
  'TypeMismatchError',
  'UnknownError',
  'URLMismatchError',
  'VersionError',
  'WrongDocumentError',
]);

/** ECMAScript's own error types: the engine throws them, and apps throw them too. */
const NATIVE_TYPES = new Set([
  'TypeError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'URIError',
  'EvalError',
  'AggregateError',
]);

/**
 * Engine messages of the native types, as V8 / SpiderMonkey / JavaScriptCore word them (real
 * messages of each in app-message.test.ts). The read-of-undefined, JSON.parse, not-a-function
 * (JavaScriptCore's form) and `Can't find variable` families are recognised by
 * canonicalEngineMessage already.
 */
const ENGINE_MESSAGE_PATTERNS: RegExp[] = [
  // Calls, names, constructors, iteration.
  /\bis not a (?:function|constructor)\b/,
  /^[\w$.[\]'"#]+ is not defined$/,
  /\bis not (?:iterable|an object)\b/,
  /^(?:Cannot|can't) (?:access|set|read|convert|define|redefine|destructure|assign|add|delete|call|use|mix|create|freeze)\b/,
  /^(?:Cannot|can't) access (?:uninitialized variable|lexical declaration)/i,
  /\bbefore initialization$/,
  /^invalid assignment to const\b/,
  /^Assignment to constant variable/,
  /^Attempt(?:ed|ing) to (?:assign|define|change|delete)\b/,
  /\bis read-only$/,
  /\bnot extensible\b/,
  /^(?:Class constructor \S+ cannot be invoked without 'new'|class constructors must be invoked with 'new')$/,
  /^Right (?:hand )?side of /i,
  /^invalid '(?:in|instanceof)' operand\b/,
  /^Illegal invocation$/,
  /^'[^']+' called on an object that does not implement interface\b/,
  /^Can only call \S+ on instances of\b/,
  /^Type error$/,
  /^Argument \d+ \(.*\) to \S+ must be\b/,
  // The DOM's TypeErrors: V8 "Failed to execute 'x' on 'Y': ...", SpiderMonkey "Node.appendChild: ...".
  /^Failed to (?:execute|construct|read|set|fetch)\b/,
  /^[A-Z][\w]*\.[\w]+: /,
  /^NetworkError when attempting to fetch resource\.?$/,
  /^Load failed$/,
  // import() failures (chunk-load grouping takes them first; listed so the rule holds alone).
  /^error loading dynamically imported module\b/,
  /^Importing a module script failed\.?$/,
  /\bis not a valid (?:selector|URL)\b/,
  // Recursion, memory, arrays, numbers, dates, strings.
  /^Maximum call stack size exceeded\.?$/,
  /^too much recursion$/,
  /^(?:out of memory|allocation size overflow)$/i,
  /^reduce of empty array with no initial value$/i,
  /^invalid array length$/i,
  /^Array size is not a small enough positive integer\.?$/,
  /^(?:Invalid time value|invalid date|Invalid Date)$/,
  /\b(?:digits|radix) argument must be between\b|^precision -?\d+ out of range$/,
  /argument must be between \d+ and \d+$/,
  /^Invalid (?:string length|count value|code point|regular expression|or unexpected token|left-hand side|destructuring)\b/i,
  /^repeat count must be\b/,
  /^(?:URI malformed|malformed URI sequence|URI error)$/,
  /^BigInt\b|\bBigInt\b.*\bconver/,
  // JSON.stringify of a cycle.
  /^Converting circular structure to JSON\b|^cyclic object value$|^JSON\.stringify cannot serialize cyclic structures/,
  // Parse errors of eval / new Function / import().
  /^Unexpected (?:token|identifier|end of input|string|number|keyword|strict mode reserved word)\b/,
  /^missing \S+ (?:after|before|in)\b/,
  /^expected \S+, got\b/,
  /^(?:unterminated|unexpected|illegal) /i,
];

/** Whether the exception's message was written by the app rather than the engine or the DOM. */
export function isAppWrittenMessage(type: string, message: string): boolean {
  const m = stripPrefixes(message, type).trim();
  if (!m) return false;
  if (BROWSER_ONLY_TYPES.has(type) || type.startsWith('NS_ERROR_')) return false;
  if (!NATIVE_TYPES.has(type)) return true;
  if (canonicalEngineMessage(m) !== m) return false;
  return !ENGINE_MESSAGE_PATTERNS.some((re) => re.test(m));
}
