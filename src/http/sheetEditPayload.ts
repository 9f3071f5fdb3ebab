// What labinov's Apps Script posts to `sheetEdited` after staff edit a synced spreadsheet
// (and what the local Sheets emulator's page posts after an edit there). Signed with
// signature.ts; `eventId` makes a replay detectable.
import { z } from "zod";

export const sheetEditPayload = z.object({
  kind: z.literal("sheetEdit"),
  eventId: z.string().min(8).max(100),
  spreadsheetId: z.string().min(1).max(200),
  sheetName: z.string().min(1).max(200),
  /** A1 range of the edited cells, without the tab name, e.g. "C5" or "B2:D9"; absent for a structural change. */
  range: z.string().regex(/^[A-Z]{1,3}\d+(:[A-Z]{1,3}\d+)?$/).optional(),
  /**
   * Apps Script's onChange `changeType` (EDIT, INSERT_ROW, REMOVE_ROW, INSERT_COLUMN,
   * REMOVE_COLUMN, INSERT_GRID, REMOVE_GRID, FORMAT, OTHER: sort and move arrive as OTHER);
   * an onEdit notice is "EDIT". Any of them asks for a run of the spreadsheet.
   */
  changeType: z.enum(["EDIT", "INSERT_ROW", "REMOVE_ROW", "INSERT_COLUMN", "REMOVE_COLUMN", "INSERT_GRID", "REMOVE_GRID", "FORMAT", "OTHER"]).default("EDIT"),
  /**
   * The edited cells as the script saw them, for the edit journal (sheets/sync/journal.ts): each
   * with its row's ID and its column's header at the moment of the edit. Left out for large
   * pastes (the run still reads the sheet); dates as serial numbers, like the sync reads them.
   */
  cells: z
    .array(
      z.object({
        rowId: z.string().max(100),
        header: z.string().max(200),
        value: z.union([z.string().max(2000), z.number(), z.boolean()]).nullable(),
      }),
    )
    .max(200)
    .optional(),
  /** Email of the editor when Google tells it (only within the same Workspace domain), else "". */
  user: z.string().max(320),
  editedAt: z.string().datetime(),
});

export type SheetEditPayload = z.output<typeof sheetEditPayload>;
/** What a sender builds (changeType may be left out for a cell edit). */
export type SheetEditNotice = z.input<typeof sheetEditPayload>;
