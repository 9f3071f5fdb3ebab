// LAN's stage rules: forward one stage at a time, back only with a reason, every move kept.
import { STAGES, type Stage, type Tahapan } from "./vocabulary.js";

export const STAGE_ORDER = Object.keys(STAGES) as Stage[];

export interface StageHistoryEntry {
  stage: Stage;
  start: string; // yyyy-MM-dd
  finish: string | null;
  output: string;
  note: string;
}

export interface StageMove {
  to: Stage;
  date: string; // yyyy-MM-dd, the day the move happened (WIB)
  reason?: string; // required when moving back
  output?: string; // what the stage being left produced
  note?: string;
}

export class StageRuleError extends Error {}

/** Drum-up to design is inisiatif, deliver is uji coba, display and after is penerapan. */
export function tahapanForStage(stage: Stage): Tahapan {
  const index = STAGE_ORDER.indexOf(stage);
  if (index < STAGE_ORDER.indexOf("deliver")) return "inisiatif";
  if (stage === "deliver") return "uji_coba";
  return "penerapan";
}

/** Returns the new history for a move, or throws a StageRuleError whose message staff can read. */
export function applyStageMove(current: Stage, history: StageHistoryEntry[], move: StageMove): StageHistoryEntry[] {
  if (move.to === current) return history;
  const from = STAGE_ORDER.indexOf(current);
  const to = STAGE_ORDER.indexOf(move.to);
  const reason = move.reason?.trim() ?? "";
  if (to > from + 1) {
    throw new StageRuleError(
      `Tahap tidak boleh dilompati: dari ${STAGES[current]} harus ke ${STAGES[STAGE_ORDER[from + 1]!]} dulu, bukan ${STAGES[move.to]}.`,
    );
  }
  if (to < from && reason === "") {
    throw new StageRuleError(`Mundur dari ${STAGES[current]} ke ${STAGES[move.to]} harus disertai alasan.`);
  }
  const last = history.at(-1);
  if (last && last.start > move.date) {
    throw new StageRuleError(`Tanggal perpindahan tahap (${move.date}) tidak boleh sebelum tahap ${STAGES[current]} dimulai (${last.start}).`);
  }
  const closed = history.map((entry, index) =>
    index === history.length - 1 && entry.finish === null
      ? { ...entry, finish: move.date, output: move.output?.trim() || entry.output }
      : entry,
  );
  const note = to < from ? `Mundur: ${reason}${move.note ? `. ${move.note}` : ""}` : (move.note ?? "");
  return [...closed, { stage: move.to, start: move.date, finish: null, output: "", note }];
}
