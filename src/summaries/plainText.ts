// The plain-text part: the same facts as the HTML, as headed lists that read well in any client.
export function textSection(title: string, lines: string[], empty: string): string {
  const body = lines.length > 0 ? lines.map((line) => `- ${line}`).join("\n") : empty;
  return `${title.toUpperCase()}\n${body}\n`;
}

export function textFigures(items: { label: string; value: number }[]): string {
  return items.map((item) => `${item.label}: ${item.value}`).join(" | ");
}

/** Joins lines; an empty string stands for a blank line. */
export function textDocument(parts: string[]): string {
  return parts.join("\n").replace(/\n{3,}/g, "\n\n") + "\n";
}
