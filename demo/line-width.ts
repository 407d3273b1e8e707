/** Keeps the demo's terminal output within 120 columns: long lines wrap at spaces under their text. */

/** The widest line the demo prints. */
export const TERMINAL_COLUMNS = 120;

/**
 * Word-wraps one line to `width` columns; continuation lines start with `indent` spaces (a hanging
 * indent under the line's text). A word longer than the room left is cut, so no line is ever wider.
 */
export function wrapLine(text: string, indent: number, width: number = TERMINAL_COLUMNS): string[] {
  const hang = ' '.repeat(Math.min(indent, width - 20));
  const lines: string[] = [];
  let rest = text.trimEnd();
  while (rest.length > width) {
    // Break at the last space that leaves some text on this line (spacing before it is kept).
    const lead = rest.length - rest.trimStart().length;
    const space = rest.lastIndexOf(' ', width);
    const cut = space > lead ? space : width;
    lines.push(rest.slice(0, cut).trimEnd());
    rest = hang + rest.slice(cut).trimStart();
  }
  lines.push(rest);
  return lines;
}

/** The indent a continuation of `line` gets when nothing better is known: its own indent plus 4. */
export function defaultIndent(line: string): number {
  return line.length - line.trimStart().length + 4;
}

/** Every physical line of `text` (which may hold newlines) wrapped to the terminal width. */
export function fitLines(text: string, indent?: number): string[] {
  return text.split('\n').flatMap((line) => wrapLine(line, indent ?? defaultIndent(line)));
}
