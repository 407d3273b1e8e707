/** Markdown helpers that keep untrusted text (alert annotations, model output, logs) inert. */
import { createHash } from 'node:crypto';

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
  const readable = value
    .replace(/[^A-Za-z0-9_.-]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 100);
  if (readable === value && readable.length > 0) return readable;
  // Changed by sanitising (or empty): a hash of the original keeps distinct names distinct. `~` never
  // survives sanitising, so such a name can never equal a name that was kept as it is.
  const digest = createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 16);
  return `${readable || 'unnamed'}~${digest}`;
}
