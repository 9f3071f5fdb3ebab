import { describe, expect, it } from "vitest";
import { innovationRecord, programFields, teamMember, unitFields } from "../../src/model/schemas.js";

const meta = {
  id: "INO-1",
  version: 1,
  createdAt: "2026-11-27T01:00:00.000Z",
  updatedAt: "2026-11-27T01:00:00.000Z",
  updatedBy: "tester",
  source: "api",
};

const validInnovation = {
  ...meta,
  name: "Lapor Sampah via WhatsApp",
  unitId: "dlh",
  initiator: "opd",
  stage: "design",
  stageHistory: [{ stage: "design", start: "2026-11-01", finish: null, output: "", note: "" }],
  tahapan: "inisiatif",
  jenis: "digital",
  bentuk: "pelayanan_publik",
};

describe("innovation records", () => {
  it("accepts a minimal valid record and fills defaults", () => {
    const parsed = innovationRecord.parse(validInnovation);
    expect(parsed).toMatchObject({ status: "aktif", team: [], actionPlan: [], evidenceLinks: [], budget: null, tahapanOverride: null });
  });

  it.each([
    ["an empty name", { name: "  " }, "name"],
    ["an unknown stage", { stage: "launch" }, "stage"],
    ["an unknown jenis", { jenis: "analog" }, "jenis"],
    ["an unknown bentuk", { bentuk: "inovasi" }, "bentuk"],
    ["an unknown status", { status: "dihapus" }, "status"],
    ["a negative budget", { budget: -1 }, "budget"],
    ["a budget typed as text", { budget: "5 juta" }, "budget"],
    ["an impossible trial date", { trialDate: "2026-02-30" }, "trialDate"],
    ["a date in the wrong format", { inUseDate: "27/11/2026" }, "inUseDate"],
    ["an evidence link that is not a URL", { evidenceLinks: ["lihat map biru"] }, "evidenceLinks.0"],
    ["a history that ends on another stage", { stageHistory: [{ stage: "diagnose", start: "2026-11-01", finish: null, output: "", note: "" }] }, "stageHistory"],
    ["an empty history", { stageHistory: [] }, "stageHistory"],
    ["a version of zero", { version: 0 }, "version"],
    ["an unknown source", { source: "email" }, "source"],
    ["a NIP of 17 digits", { team: [{ name: "Dewi", nip: "19850101201001200" }] }, "team.0.nip"],
  ])("refuses %s", (_case, override, path) => {
    const result = innovationRecord.safeParse({ ...validInnovation, ...override });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join("."))).toContain(path);
  });

  it("says what is wrong in Bahasa Indonesia", () => {
    const result = innovationRecord.safeParse({ ...validInnovation, budget: "lima juta" });
    expect(result.error!.issues[0]!.message).toBe("isinya tidak sesuai jenis kolom ini");
  });
});

describe("team members keep NIP and phone numbers as text", () => {
  it.each([
    [{ name: "Dewi", nip: "198501012010012001", phone: "081234567890" }, true],
    [{ name: "Dewi", nip: "098501012010012001", phone: "0812345678" }, true],
    [{ name: "Dewi", nip: 19850101201001 }, false], // a number, as a careless sheet would send it
    [{ name: "Dewi", phone: "81234567890" }, false],
    [{ name: "Dewi", phone: "+6281234567890" }, true],
    [{ name: "", nip: null }, false],
  ])("%j valid: %s", (member, valid) => {
    const result = teamMember.safeParse(member);
    expect(result.success).toBe(valid);
    if (valid && "nip" in member) expect(result.data!.nip).toBe(member.nip);
  });
});

describe("programs and units", () => {
  const program = { name: "Bimtek rancang bangun", area: "pelatihan", unitId: "bagorganisasi", startDate: "2026-12-01", endDate: "2026-12-02" };

  it.each([
    [program, true],
    [{ ...program, area: "olahraga" }, false],
    [{ ...program, endDate: "2026-11-30" }, false],
    [{ ...program, participants: -3 }, false],
    [{ ...program, participants: 2.5 }, false],
  ])("program %j valid: %s", (input, valid) => {
    expect(programFields.safeParse(input).success).toBe(valid);
  });

  it.each([
    [{ name: "Dinas Perhubungan", kind: "opd", headEmail: "dishub@probolinggokota.go.id" }, true],
    [{ name: "Dinas Perhubungan", kind: "opd", headEmail: null }, true],
    [{ name: "Dinas Perhubungan", kind: "opd", headEmail: "bukan email" }, false],
    [{ name: "Dinas Perhubungan", kind: "dinas" }, false],
  ])("unit %j valid: %s", (input, valid) => {
    expect(unitFields.safeParse(input).success).toBe(valid);
  });
});
