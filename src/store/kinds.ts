// The kinds of record and what each derives on write. `stores(db)` is the entry point.
import { isDeepStrictEqual } from "node:util";
import type { Firestore } from "firebase-admin/firestore";
import { IID_EVIDENCE_COLLECTION, iidEvidenceRecord, type IidEvidence } from "../iid/evidence.js";
import {
  innovationRecord,
  programRecord,
  unitRecord,
  type Innovation,
  type Program,
  type Unit,
} from "../model/schemas.js";
import { applyStageMove, StageRuleError, tahapanForStage, type StageHistoryEntry, type StageMove } from "../model/stages.js";
import { todayWib } from "../model/time.js";
import type { Stage, Tahapan } from "../model/vocabulary.js";
import { COLLECTIONS } from "./db.js";
import { ValidationError } from "./errors.js";
import { RecordStore, type Actor, type RecordKind, type WriteOptions } from "./records.js";

/** Patch key (not a stored field) that carries the details of a stage move to `derive`. */
const STAGE_MOVE = "stageMove";

const innovationKind: RecordKind<Innovation> = {
  collection: COLLECTIONS.innovations,
  schema: innovationRecord,
  defaultStatus: "aktif",
  derive(candidate, current, { now }) {
    const { [STAGE_MOVE]: moveDetails, ...fields } = candidate as Record<string, unknown> & {
      stageMove?: Omit<StageMove, "to">;
    };
    const stage = fields.stage as Stage;
    let history = (fields.stageHistory as StageHistoryEntry[] | undefined) ?? [];
    if (!current && history.length === 0) {
      history = [{ stage, start: todayWib(now), finish: null, output: "", note: "" }];
    }
    if (current && stage !== current.stage && isDeepStrictEqual(history, current.stageHistory)) {
      try {
        history = applyStageMove(current.stage, current.stageHistory, { date: todayWib(now), ...moveDetails, to: stage });
      } catch (error) {
        if (error instanceof StageRuleError) throw new ValidationError([{ field: "stage", message: error.message }]);
        throw error;
      }
    }
    const override = (fields.tahapanOverride as Tahapan | null | undefined) ?? null;
    return { ...fields, stageHistory: history, tahapan: override ?? tahapanForStage(stage) };
  },
};

const programKind: RecordKind<Program> = {
  collection: COLLECTIONS.programs,
  schema: programRecord,
  defaultStatus: "rencana",
};

const unitKind: RecordKind<Unit> = {
  collection: COLLECTIONS.units,
  schema: unitRecord,
  defaultStatus: "aktif",
};

const iidEvidenceKind: RecordKind<IidEvidence> = {
  collection: IID_EVIDENCE_COLLECTION,
  schema: iidEvidenceRecord,
  defaultStatus: "aktif",
};

export class InnovationStore extends RecordStore<Innovation> {
  constructor(db: Firestore) {
    super(db, innovationKind);
  }

  /** Moves an innovation to another LAN stage, following the stage rules. */
  moveStage(id: string, move: StageMove, actor: Actor, options: WriteOptions = {}) {
    const { to, ...details } = move;
    return this.update(id, { stage: to, [STAGE_MOVE]: details }, actor, options);
  }
}

export interface Stores {
  db: Firestore;
  units: RecordStore<Unit>;
  programs: RecordStore<Program>;
  innovations: InnovationStore;
  iidEvidence: RecordStore<IidEvidence>;
}

export function stores(db: Firestore): Stores {
  return {
    db,
    units: new RecordStore(db, unitKind),
    programs: new RecordStore(db, programKind),
    innovations: new InnovationStore(db),
    iidEvidence: new RecordStore(db, iidEvidenceKind),
  };
}
