/**
 * Fixed-width text tables for terminals and CI logs: columns padded, two spaces apart, and no line
 * wider than `maxWidth` (120 by default) — the widest columns are cut with an ellipsis until it fits.
 */
export const TERMINAL_WIDTH = 120;

function cut(value: string, width: number): string {
  return value.length <= width ? value : `${value.slice(0, Math.max(0, width - 1))}…`;
}

export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  maxWidth = TERMINAL_WIDTH,
): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const total = () => widths.reduce((sum, width) => sum + width, 0) + 2 * (widths.length - 1);
  // Shrink the widest column one character at a time; never below 4 characters.
  while (total() > maxWidth) {
    const widest = widths.indexOf(Math.max(...widths));
    if ((widths[widest] ?? 0) <= 4) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  const format = (row: readonly string[]) =>
    row
      .map((value, column) => cut(value, widths[column] ?? 0).padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [format(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(format)];
}
