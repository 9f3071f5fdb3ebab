import { describe, expect, it } from "vitest";
import { applyStageMove, StageRuleError, tahapanForStage, type StageHistoryEntry } from "../../src/model/stages.js";
import type { Stage } from "../../src/model/vocabulary.js";

const history = (stage: Stage, start = "2026-10-01"): StageHistoryEntry[] => [{ stage, start, finish: null, output: "", note: "" }];

describe("tahapan derived from the LAN stage", () => {
  it.each([
    ["drum_up", "inisiatif"],
    ["diagnose", "inisiatif"],
    ["design", "inisiatif"],
    ["deliver", "uji_coba"],
    ["display", "penerapan"],
    ["dokumentasi", "penerapan"],
  ] as const)("%s -> %s", (stage, tahapan) => {
    expect(tahapanForStage(stage)).toBe(tahapan);
  });
});

describe("stage moves", () => {
  it("moving forward one stage closes the current entry and opens the next", () => {
    const next = applyStageMove("diagnose", history("diagnose"), { to: "design", date: "2026-11-27", output: "Peta masalah" });
    expect(next).toEqual([
      { stage: "diagnose", start: "2026-10-01", finish: "2026-11-27", output: "Peta masalah", note: "" },
      { stage: "design", start: "2026-11-27", finish: null, output: "", note: "" },
    ]);
  });

  it("moving to the same stage changes nothing", () => {
    const before = history("design");
    expect(applyStageMove("design", before, { to: "design", date: "2026-11-27" })).toBe(before);
  });

  it.each([
    ["skipping a stage", "drum_up", "design", undefined, /dilompati/],
    ["skipping to the end", "diagnose", "dokumentasi", undefined, /dilompati/],
    ["moving back without a reason", "deliver", "design", undefined, /alasan/],
    ["moving back with a blank reason", "deliver", "design", "   ", /alasan/],
  ] as const)("refuses %s", (_case, from, to, reason, message) => {
    expect(() => applyStageMove(from, history(from), { to, date: "2026-11-27", reason })).toThrow(StageRuleError);
    expect(() => applyStageMove(from, history(from), { to, date: "2026-11-27", reason })).toThrow(message);
  });

  it("moving back with a reason is kept in the history", () => {
    const next = applyStageMove("deliver", history("deliver"), { to: "design", date: "2026-11-27", reason: "Uji coba gagal, rencana aksi direvisi" });
    expect(next.at(-1)).toEqual({ stage: "design", start: "2026-11-27", finish: null, output: "", note: "Mundur: Uji coba gagal, rencana aksi direvisi" });
    expect(next[0]!.finish).toBe("2026-11-27");
  });

  it("refuses a move dated before the current stage began", () => {
    expect(() => applyStageMove("design", history("design", "2026-11-20"), { to: "deliver", date: "2026-11-19" })).toThrow(/sebelum/);
  });
});
