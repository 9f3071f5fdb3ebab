// An email is a list of named sections. Each section builder draws one part of the email both
// ways (HTML and plain text) from the facts worked out once per email, or leaves itself out.
// To add a section, write a builder and put it in the email's list (UNIT_SECTIONS, CITY_SECTIONS).
import { heading, items, list, paragraph, type Item } from "./html.js";
import { textDocument, textSection } from "./plainText.js";
import { WORDS } from "./words.js";

/** One part of an email, in both forms. */
export interface Section {
  html: string;
  /** Lines of the plain-text part; an empty string is a blank line. */
  text: string[];
}

/** Draws one section from an email's facts; null leaves it out of this email. */
export type SectionBuilder<Facts> = (facts: Facts) => Section | null;

/** The body of an email: its sections in order. */
export function renderSections<Facts>(builders: readonly SectionBuilder<Facts>[], facts: Facts): { html: string; text: string } {
  const sections = builders.map((build) => build(facts)).filter((section): section is Section => section !== null);
  return { html: sections.map((section) => section.html).join(""), text: textDocument(sections.flatMap((section) => section.text)) };
}

/** A headed list of lines, or "Tidak ada." when there are none. */
export function listSection(title: string, lines: string[], empty: string = WORDS.none): Section {
  return {
    html: heading(title) + (lines.length > 0 ? list(lines) : paragraph(empty, true)),
    text: [textSection(title, lines, empty)],
  };
}

/** A headed stack of entries (see html.ts `items`); `textLines` are the same entries as text. */
export function itemsSection(title: string, entries: Item[], textLines: string[], empty: string = WORDS.none): Section {
  return {
    html: heading(title) + (entries.length > 0 ? items(entries) : paragraph(empty, true)),
    text: [textSection(title, textLines, empty)],
  };
}

/** The closing line of an email, after a signature separator in the text part. */
export function footerSection(footer: string): Section {
  return { html: paragraph(footer, true), text: ["--", footer] };
}
