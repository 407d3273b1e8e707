/** Markdown helpers that keep untrusted text (alert annotations, model output, logs) inert. */

/** One table cell: no pipes, no newlines, no HTML, no link/image syntax. */
export function cell(value: string | number | null | undefined): string {
  return String(value ?? '')
    .replace(/[\r\n]+/g, ' ')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[|[\]`]/g, (character) => `\\${character}`)
    .slice(0, 300);
}

/** A fenced block that the text cannot break out of (the fence is longer than any backtick run). */
export function fenced(text: string, maxLength = 2_000): string {
  const body = text.length > maxLength ? `${text.slice(0, maxLength)}… (truncated)` : text;
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}text\n${body}\n${fence}`;
}

/** File-name-safe form of an alert name or id. */
export function safeFileName(value: string): string {
  return (
    value
      .replace(/[^A-Za-z0-9_.-]/g, '_')
      .replace(/^\.+/, '_')
      .slice(0, 100) || 'unnamed'
  );
}
