import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Signal } from '../../src/pipeline/types';

export const FIXTURES_DIR = join(__dirname, '../fixtures/otlp');

/** One OTLP request captured from a real SDK in headless Chromium (see fixtures/capture). */
export interface Fixture {
  file: string;
  source: string;
  scenario: string;
  handBuilt: boolean;
  signal: Signal;
  request: {
    contentType: string;
    encoding: 'json' | 'protobuf';
    bodyEncoding: 'utf8' | 'base64';
    body: string;
  };
  producedBy: Record<string, string>;
}

export function loadFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const source of readdirSync(FIXTURES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of readdirSync(join(FIXTURES_DIR, source.name))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const fixture = JSON.parse(readFileSync(join(FIXTURES_DIR, source.name, file), 'utf8')) as Fixture;
      out.push({ ...fixture, file: `${source.name}/${file}` });
    }
  }
  return out;
}

export function fixtureBody(fixture: Fixture): Buffer {
  return Buffer.from(fixture.request.body, fixture.request.bodyEncoding === 'base64' ? 'base64' : 'utf8');
}
