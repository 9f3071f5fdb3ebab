// Property: random sequences of row inserts, deletes, moves and sorts, sent through the real
// client, leave the emulator agreeing with a small independent model: each tagged row's values,
// its developer metadata anchor (Google: metadata "will remain associated at those locations as
// they move around ... If the associated object is deleted its metadata is deleted too") and the
// formulas on another tab pointing at it (following inserts, deletes and moves, #REF! once its row
// is deleted, unmoved by a sort). STRUCTURAL_PROPERTY_RUNS sets the number of sequences.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { batch, newBook, harnessForFile, values } from "./structuralHelpers.js";

const RUNS = Number(process.env.STRUCTURAL_PROPERTY_RUNS ?? 25);
const TAGS = 6;

type Command =
  | { kind: "insert"; at: number; count: number }
  | { kind: "delete"; start: number; count: number }
  | { kind: "move"; start: number; count: number; destination: number }
  | { kind: "sort"; descending: boolean };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat({ max: 10 }), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant("delete" as const), start: fc.nat({ max: 10 }), count: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ kind: fc.constant("move" as const), start: fc.nat({ max: 10 }), count: fc.integer({ min: 1, max: 3 }), destination: fc.nat({ max: 14 }) }),
  fc.record({ kind: fc.constant("sort" as const), descending: fc.boolean() }),
);

/** The model: which tag each row holds (null for a blank row), and which row each formula names. */
interface Model {
  rows: (string | null)[];
  /** Per tag index: the row its formula points at, or null once that row was deleted. */
  formulaRow: (number | null)[];
}

function apply(model: Model, c: Command): void {
  const { rows } = model;
  const remap = (map: (i: number) => number | null): void => {
    model.formulaRow = model.formulaRow.map((r) => (r === null ? null : map(r)));
  };
  if (c.kind === "insert") {
    while (rows.length < c.at) rows.push(null);
    rows.splice(c.at, 0, ...Array<null>(c.count).fill(null));
    remap((r) => (r >= c.at ? r + c.count : r));
  } else if (c.kind === "delete") {
    rows.splice(c.start, c.count);
    remap((r) => (r < c.start ? r : r < c.start + c.count ? null : r - c.count));
  } else if (c.kind === "move") {
    const end = c.start + c.count;
    if (c.destination >= c.start && c.destination <= end) return;
    while (rows.length < Math.max(end, c.destination)) rows.push(null);
    const block = rows.splice(c.start, c.count);
    const at = c.destination > c.start ? c.destination - c.count : c.destination;
    rows.splice(at, 0, ...block);
    remap((r) => {
      if (r >= c.start && r < end) return at + (r - c.start);
      const rest = r >= end ? r - c.count : r;
      return rest >= at ? rest + c.count : rest;
    });
  } else {
    // Sorting whole rows by column A: tags in order, blank rows last; formulas keep their rows.
    const tags = rows.filter((t): t is string => t !== null).sort();
    if (c.descending) tags.reverse();
    model.rows = [...tags, ...Array<null>(rows.length - tags.length).fill(null)];
  }
}

const h = harnessForFile();

describe("row operations keep values, anchors and references in step with a model", () => {
  it("agrees with the model after any sequence", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 6 }), async (commands) => {
        const tags = Array.from({ length: TAGS }, (_, i) => `t${i}`);
        const id = await newBook(h, tags.map((t) => [t]));
        await batch(
          h,
          id,
          { addSheet: { properties: { sheetId: 1, title: "Ref" } } },
          ...tags.map((t, i) => ({
            createDeveloperMetadata: { developerMetadata: { metadataKey: "tag", metadataValue: t, visibility: "DOCUMENT", location: { dimensionRange: { sheetId: 0, dimension: "ROWS", startIndex: i, endIndex: i + 1 } } } },
          })),
        );
        await h.sheets.spreadsheets.values.update({ spreadsheetId: id, range: "Ref!A1", valueInputOption: "USER_ENTERED", requestBody: { values: tags.map((_, i) => [`=Sheet1!A${i + 1}&""`]) } });
        const model: Model = { rows: [...tags], formulaRow: tags.map((_, i) => i) };
        for (const c of commands) {
          const request =
            c.kind === "insert"
              ? { insertDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: c.at, endIndex: c.at + c.count } } }
              : c.kind === "delete"
                ? { deleteDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: c.start, endIndex: c.start + c.count } } }
                : c.kind === "move"
                  ? { moveDimension: { source: { sheetId: 0, dimension: "ROWS", startIndex: c.start, endIndex: c.start + c.count }, destinationIndex: c.destination } }
                  : { sortRange: { range: { sheetId: 0 }, sortSpecs: [{ dimensionIndex: 0, sortOrder: c.descending ? "DESCENDING" : "ASCENDING" }] } };
          await batch(h, id, request);
          apply(model, c);
        }
        const shown = (await values(h, id, "Sheet1!A1:A40")).map((r) => (r[0] as string | undefined) ?? "");
        const expected = model.rows.map((t) => t ?? "");
        while (expected.length > 0 && expected[expected.length - 1] === "") expected.pop();
        expect(shown).toEqual(expected);
        const found = await h.sheets.spreadsheets.developerMetadata.search({ spreadsheetId: id, requestBody: { dataFilters: [{ developerMetadataLookup: { metadataKey: "tag" } }] } });
        const anchors = Object.fromEntries((found.data.matchedDeveloperMetadata ?? []).map((m) => [m.developerMetadata!.metadataValue!, m.developerMetadata!.location!.dimensionRange!.startIndex!]));
        const alive = Object.fromEntries(model.rows.flatMap((t, r) => (t === null ? [] : [[t, r]])));
        expect(anchors).toEqual(alive);
        const refs = (await values(h, id, `Ref!A1:A${TAGS}`)).map((r) => (r[0] as string | undefined) ?? "");
        const expectedRefs = model.formulaRow.map((r) => (r === null ? "#REF!" : (model.rows[r] ?? "")));
        while (refs.length < expectedRefs.length) refs.push("");
        expect(refs).toEqual(expectedRefs);
      }),
      { numRuns: RUNS, verbose: 1 },
    );
  }, 120_000);
});
