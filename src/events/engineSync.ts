// Adapts the sync engine (sheets/sync/, owned by the sync engineer) to the SheetSync port
// the functions use. PLACEHOLDER until the engine lands: every call fails loudly, so an
// event is retried instead of being dropped.
import type { Firestore } from "firebase-admin/firestore";
import type { Config } from "../config.js";
import type { SheetSync } from "./sheetSync.js";

export function engineSheetSync(_db: Firestore, _config: Config): SheetSync {
  const missing = (): never => {
    throw new Error("sync engine (sheets/sync) is not wired in yet");
  };
  return {
    isTarget: async () => missing(),
    syncSpreadsheet: async () => missing(),
    targetsForUnits: async () => missing(),
    syncAfterChange: async () => missing(),
    reconcileAll: async () => missing(),
  };
}
