// Persist as you go: the Firestore emulator keeps its data in memory only. Every top-level
// collection is watched (the list is looked at again every few seconds, so a new collection is
// watched too), and shortly after any change the whole database is exported to the data folder
// (about 150 ms for the demo data). So a stack that ends without a clean stop loses nothing
// saved; what is still only in the emulator's memory is recovered from the emulator itself on
// the next start (see orphanEmulator.ts). Only the emulator's own death within the fraction
// of a second between a write and its save can lose that write.
import type { Firestore } from "firebase-admin/firestore";
import { log } from "../src/log.js";

export interface SaveAsItChanges {
  /** Resolves when every change seen so far is saved. */
  flush(): Promise<void>;
  stop(): void;
}

export interface SaveOptions {
  /** Changes within this time share one save. */
  delayMs?: number;
  /** How often the list of collections is looked at again. */
  rescanEveryMs?: number;
}

export function saveAsItChanges(db: Firestore, save: () => Promise<unknown>, options: SaveOptions = {}): SaveAsItChanges {
  const delayMs = options.delayMs ?? 200;
  const watched = new Map<string, () => void>();
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const runSave = (): Promise<void> => {
    timer = undefined;
    if (running) return running;
    dirty = false;
    running = save()
      .then(
        () => undefined,
        (error: unknown) => {
          dirty = true; // kept for the next try
          log.warn("local stack: Firestore data not saved yet, will retry", { error });
        },
      )
      .finally(() => {
        running = undefined;
        if (dirty && !stopped) schedule();
      });
    return running;
  };

  function schedule(): void {
    dirty = true;
    if (!timer && !running) timer = setTimeout(() => void runSave(), delayMs);
  }

  const watch = (collection: string, alreadyKnown: boolean) => {
    let first = true;
    const unsubscribe = db.collection(collection).onSnapshot(
      (snapshot) => {
        // The first snapshot is what was there when watching began: already saved, unless the
        // collection is new since the start.
        if (first ? !alreadyKnown && snapshot.size > 0 : snapshot.docChanges().length > 0) schedule();
        first = false;
      },
      (error) => log.warn("local stack: watching a collection for saving failed", { collection, error }),
    );
    watched.set(collection, unsubscribe);
  };

  const rescan = async (alreadyKnown: boolean) => {
    const collections = await db.listCollections();
    for (const { id } of collections) if (!watched.has(id) && !stopped) watch(id, alreadyKnown);
  };

  void rescan(true).catch((error: unknown) => log.warn("local stack: listing collections failed", { error }));
  const rescanTimer = setInterval(
    () => void rescan(false).catch((error: unknown) => log.warn("local stack: listing collections failed", { error })),
    options.rescanEveryMs ?? 5000,
  );
  rescanTimer.unref();

  return {
    flush: async () => {
      if (running) await running;
      clearTimeout(timer);
      if (dirty) await runSave();
    },
    stop: () => {
      stopped = true;
      clearInterval(rescanTimer);
      clearTimeout(timer);
      timer = undefined;
      for (const unsubscribe of watched.values()) unsubscribe();
      watched.clear();
    },
  };
}
