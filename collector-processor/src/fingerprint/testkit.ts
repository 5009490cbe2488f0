/** Builders for the grouping tests: error rows from stack texts, parsed as the mapper parses them. */
import { parseFrames } from '../pipeline/map/errors';
import type { FingerprintInput } from './compute';
import captured from './testdata/browser-stacks.json';

export type Browser = 'chromium' | 'firefox';
export type Build = 'unminified-1.4.2' | 'unminified-1.5.0' | 'minified-1.4.2' | 'minified-1.5.0';
export type Scenario = keyof (typeof captured.stacks)['chromium']['unminified-1.4.2'];

export interface Thrown {
  name: string;
  message: string;
  stack: string;
}

/** An error row's grouping columns, from a stack text parsed with the mapper's parseFrames. */
export function errorFrom(
  { name, message, stack }: Thrown,
  over: Partial<FingerprintInput> = {},
): FingerprintInput {
  const frames = parseFrames(stack, name, message);
  return {
    exception_type: name,
    exception_message: message,
    release: '1.4.2',
    attributes: {},
    'frames.filename': frames.map((f) => f.filename),
    'frames.function': frames.map((f) => f.function),
    'frames.in_app': frames.map((f) => f.in_app),
    'frames.raw_function': frames.map((f) => f.function),
    'frames.colno': frames.map((f) => f.colno),
    'frames.symbolicated': frames.map(() => 0),
    ...over,
  };
}

/** What a real browser threw for a scenario of testdata/capture-stacks.mjs. */
export function thrown(browser: Browser, build: Build, scenario: Scenario): Thrown {
  const t = captured.stacks[browser][build][scenario];
  if (!t) throw new Error(`no capture for ${browser} ${build} ${scenario}`);
  return t;
}

/** The captured error as a row of the build's release ("minified-1.5.0" -> release 1.5.0). */
export function capturedError(browser: Browser, build: Build, scenario: Scenario): FingerprintInput {
  return errorFrom(thrown(browser, build, scenario), { release: build.split('-')[1] });
}

export interface Frame {
  filename: string;
  function: string;
  in_app?: number;
  colno?: number;
  symbolicated?: number;
  raw_function?: string;
}

/** An error row from frames given directly (innermost first), e.g. as symbolication leaves them. */
export function errorWithFrames(
  type: string,
  message: string,
  frames: Frame[],
  over: Partial<FingerprintInput> = {},
): FingerprintInput {
  return {
    exception_type: type,
    exception_message: message,
    release: '1.4.2',
    attributes: {},
    'frames.filename': frames.map((f) => f.filename),
    'frames.function': frames.map((f) => f.function),
    'frames.in_app': frames.map((f) => f.in_app ?? 1),
    'frames.raw_function': frames.map((f) => f.raw_function ?? f.function),
    'frames.colno': frames.map((f) => f.colno ?? 10),
    'frames.symbolicated': frames.map((f) => f.symbolicated ?? 0),
    ...over,
  };
}
