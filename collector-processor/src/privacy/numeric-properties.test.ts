import type { Project } from '../projects/project-store';
import { ProjectSettingsSchema } from '../projects/settings';
import { emptyRumRows } from '../store/rows';
import { customEvent } from '../../test/helpers/rows';
import { scrub } from './index';

// Numeric custom-event properties are stored twice: as text in `properties` (scrubbed like any
// string) and as numbers in `properties_num`. A number has no placeholder, so the numeric copy of
// anything the text scrubbing replaces must go, or the scrubbed value would still be stored.
const project = { id: 'p', settings: ProjectSettingsSchema.parse({}) } as unknown as Project;
const ctx = { project, receivedAtMs: 0, client: {} };

async function scrubbed(props: Record<string, number>) {
  const rows = emptyRumRows();
  const properties = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, String(v)]));
  rows.custom_events.push(customEvent('n1', { properties, properties_num: props }));
  return (await scrub(rows, ctx)).custom_events[0];
}

describe('scrubbing numeric custom-event properties', () => {
  it('drops the numbers whose text is scrubbed (a card number, a secret-named key), keeps the rest', async () => {
    const row = await scrubbed({ card: 4111111111111111, password: 1234, total: 99.5, qty: 3 });
    expect(row.properties.card).not.toBe('4111111111111111');
    expect(row.properties.password).not.toBe('1234');
    expect(row.properties_num).toEqual({ total: 99.5, qty: 3 });
  });

  it('leaves a row with harmless numbers untouched (the same object)', async () => {
    const rows = emptyRumRows();
    const event = customEvent('n2', { properties: { total: '99.5' }, properties_num: { total: 99.5 } });
    rows.custom_events.push(event);
    expect((await scrub(rows, ctx)).custom_events[0]).toBe(event);
  });
});
