import type { ClickHouseClient } from '@clickhouse/client';
import { ProjectStore } from './project-store';
import { useMigratedStore } from '../../test/helpers/store';

const store = useMigratedStore('project-store');

/**
 * The real client, except that a held SELECT's result is kept back after ClickHouse has answered
 * it: the only way to make "the SELECT ran before the save, its result arrives after" happen
 * every time rather than by luck of scheduling.
 */
function holdableClient(client: ClickHouseClient) {
  let held: { ran: () => void; release: Promise<void> } | undefined;
  const wrapped = new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== 'query') return Reflect.get(target, prop, receiver) as unknown;
      return async (params: Parameters<ClickHouseClient['query']>[0]) => {
        const hold = held;
        held = undefined;
        const result = await target.query(params);
        if (!hold) return result;
        const rows = await result.json();
        hold.ran();
        await hold.release;
        return { json: () => Promise.resolve(rows) };
      };
    },
  });
  /** Holds the next query's result; `ran` resolves once ClickHouse has answered it. */
  function holdNextQuery() {
    let release!: () => void;
    let ran!: () => void;
    const ranPromise = new Promise<void>((r) => (ran = r));
    held = { ran, release: new Promise<void>((r) => (release = r)) };
    return { ran: ranPromise, release };
  }
  return { client: wrapped, holdNextQuery };
}

describe('ProjectStore cache', () => {
  it('a refresh whose SELECT ran before a save keeps the new project findable', async () => {
    const { client, holdNextQuery } = holdableClient(store().client);
    const projects = new ProjectStore(client, { rateLimitPerSecond: 100 });
    await projects.refresh();

    const hold = holdNextQuery();
    const refreshing = projects.refresh();
    await hold.ran;
    const created = await projects.create({ name: 'created-during-refresh' });
    hold.release();
    await refreshing;

    expect(projects.findByKey(created.ingestKeys[0].key)?.id).toBe(created.id);
    expect(projects.get(created.id)?.name).toBe('created-during-refresh');
  });

  it('a refresh whose SELECT ran before a key rotation keeps the new key working', async () => {
    const { client, holdNextQuery } = holdableClient(store().client);
    const projects = new ProjectStore(client, { rateLimitPerSecond: 100 });
    const project = await projects.create({ name: 'rotating' });
    const oldKey = project.ingestKeys[0].key;

    const hold = holdNextQuery();
    const refreshing = projects.refresh();
    await hold.ran;
    const rotated = await projects.rotateKey(project.id, 60);
    hold.release();
    await refreshing;

    const newKey = rotated!.ingestKeys[0].key;
    expect(newKey).not.toBe(oldKey);
    expect(projects.findByKey(newKey)?.id).toBe(project.id);
    expect(projects.findByKey(oldKey)?.id).toBe(project.id);
  });

  it("a refresh still takes another instance's newer changes, and forgets nothing it saved", async () => {
    const here = new ProjectStore(store().client, { rateLimitPerSecond: 100 });
    const elsewhere = new ProjectStore(store().client, { rateLimitPerSecond: 100 });
    const project = await here.create({ name: 'before' });
    await elsewhere.refresh();
    await elsewhere.update(project.id, { name: 'after' }, Date.now() + 1_000);
    const rotated = await elsewhere.rotateKey(project.id, 0, Date.now() + 2_000);

    await here.refresh();
    expect(here.get(project.id)?.name).toBe('after');
    expect(here.findByKey(rotated!.ingestKeys[0].key)?.id).toBe(project.id);

    await elsewhere.softDelete(project.id, Date.now() + 3_000);
    await here.refresh();
    expect(here.get(project.id)).toBeUndefined();
  });

  it('an older refresh finishing after a newer one does not bring back stale state', async () => {
    const { client, holdNextQuery } = holdableClient(store().client);
    const projects = new ProjectStore(client, { rateLimitPerSecond: 100 });
    const project = await projects.create({ name: 'v1' });

    const hold = holdNextQuery();
    const stale = projects.refresh();
    await hold.ran;
    await projects.update(project.id, { name: 'v2' });
    await projects.refresh();
    hold.release();
    await stale;

    expect(projects.get(project.id)?.name).toBe('v2');
  });
});
