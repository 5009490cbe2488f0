/**
 * Persistent queue of unsent OTLP batches: IndexedDB when the browser has it, else
 * localStorage. Bounded: past `max` batches the oldest go first and a counter remembers how
 * many were dropped (reported by the client as a custom event). Writes made while the page is
 * being hidden go to localStorage synchronously (`spill`), because an IndexedDB transaction
 * started in pagehide may never commit.
 */
export interface StoredBatch {
  /** Also the idempotency key the processor deduplicates on. */
  id: string;
  body: string;
  createdAt: number;
}

export interface BatchStore {
  add(batch: StoredBatch): Promise<void>;
  /** Synchronous write for pagehide. */
  spill(batch: StoredBatch): void;
  /** Oldest first, spilled batches included. */
  list(): Promise<StoredBatch[]>;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
  /** Batches dropped for space since the last call. */
  takeDropped(): number;
}

const LS_QUEUE = 'pulsetrace.queue';
const LS_DROPPED = 'pulsetrace.dropped';
const DB = 'pulsetrace';
const OS = 'batches';

/** Pure: keeps the newest `max`, oldest dropped first. */
export function bound(batches: StoredBatch[], max: number): { kept: StoredBatch[]; dropped: number } {
  const sorted = [...batches].sort((a, b) => a.createdAt - b.createdAt);
  const dropped = Math.max(0, sorted.length - max);
  return { kept: sorted.slice(dropped), dropped };
}

export function createBatchStore(max: number, ls: Storage | undefined): BatchStore {
  const lsRead = (): StoredBatch[] => {
    try {
      return JSON.parse(ls?.getItem(LS_QUEUE) ?? '[]') as StoredBatch[];
    } catch {
      return [];
    }
  };
  const addDropped = (n: number) => {
    if (!n) return;
    try {
      ls?.setItem(LS_DROPPED, String((Number(ls.getItem(LS_DROPPED)) || 0) + n));
    } catch {
      memoryDropped += n;
    }
  };
  let memoryDropped = 0;
  let memory: StoredBatch[] = [];
  const lsWrite = (batches: StoredBatch[]) => {
    const { kept, dropped } = bound(batches, max);
    addDropped(dropped);
    try {
      ls?.setItem(LS_QUEUE, JSON.stringify(kept));
      memory = [];
    } catch {
      // Quota or no storage: keep in memory so this page can still send it.
      memory = kept;
    }
  };
  const lsAll = () => (memory.length ? memory : lsRead());

  let db: Promise<IDBDatabase | undefined> = new Promise((resolve) => {
    try {
      const open = indexedDB.open(DB, 1);
      open.onupgradeneeded = () => open.result.createObjectStore(OS, { keyPath: 'id' });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => resolve(undefined);
      open.onblocked = () => resolve(undefined);
    } catch {
      resolve(undefined);
    }
  });
  const tx = <T>(
    mode: IDBTransactionMode,
    fn: (s: IDBObjectStore) => IDBRequest<T> | void,
  ): Promise<T | undefined> =>
    db.then(
      (d) =>
        new Promise<T | undefined>((resolve, reject) => {
          if (!d) return reject(new Error('no IndexedDB'));
          const t = d.transaction(OS, mode);
          const req = fn(t.objectStore(OS));
          t.oncomplete = () => resolve(req ? req.result : undefined);
          t.onerror = t.onabort = () => reject(t.error);
        }),
    );
  // After an IndexedDB failure everything goes to localStorage for the rest of the page.
  const fallback = () => {
    db = Promise.resolve(undefined);
  };

  return {
    async add(batch) {
      try {
        // One transaction, and in the usual case (queue under its bound) only a count: the
        // batches themselves are read only when the oldest must go.
        let dropped = 0;
        await tx('readwrite', (s) => {
          s.put(batch);
          const count = s.count();
          count.onsuccess = () => {
            if (count.result <= max) return;
            const all = s.getAll();
            all.onsuccess = () => {
              const over = bound(all.result as StoredBatch[], max);
              const kept = new Set(over.kept.map((b) => b.id));
              for (const b of all.result as StoredBatch[]) if (!kept.has(b.id)) s.delete(b.id);
              dropped = over.dropped;
            };
          };
        });
        addDropped(dropped);
      } catch {
        fallback();
        lsWrite([...lsAll(), batch]);
      }
    },
    spill(batch) {
      lsWrite([...lsAll(), batch]);
    },
    async list() {
      let idb: StoredBatch[] = [];
      try {
        idb = ((await tx('readonly', (s) => s.getAll())) ?? []) as StoredBatch[];
      } catch {
        fallback();
      }
      return [...idb, ...lsAll()].sort((a, b) => a.createdAt - b.createdAt);
    },
    async remove(id) {
      const all = lsAll();
      const rest = all.filter((b) => b.id !== id);
      if (rest.length !== all.length) lsWrite(rest);
      try {
        await tx('readwrite', (s) => s.delete(id));
      } catch {
        fallback();
      }
    },
    async clear() {
      memory = [];
      try {
        ls?.removeItem(LS_QUEUE);
      } catch {
        // nothing stored
      }
      try {
        await tx('readwrite', (s) => s.clear());
      } catch {
        fallback();
      }
    },
    takeDropped() {
      let n = memoryDropped;
      memoryDropped = 0;
      try {
        n += Number(ls?.getItem(LS_DROPPED)) || 0;
        ls?.removeItem(LS_DROPPED);
      } catch {
        // memory count only
      }
      return n;
    },
  };
}
