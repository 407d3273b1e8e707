/**
 * The console's page shell and small helpers. Every URL is relative (the console works under any
 * prefix: kubectl port-forward, an ingress path), every piece of incident text is escaped, and
 * the only script and stylesheet are the console's own files (the CSP allows nothing else).
 */
import type { AgentModeName } from '../console-model.js';

export function escapeHtml(value: string | number): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export interface PageOptions {
  readonly title: string;
  /** Relative path from this page to the console's root folder (`./` or `../`). */
  readonly root: string;
  readonly mode: AgentModeName;
  /** Who is signed in, or null on the sign-in page. */
  readonly user: { readonly name: string; readonly role: 'approver' | 'reader'; readonly csrf: string } | null;
  readonly body: string;
}

const MODE_BANNERS: Readonly<Record<AgentModeName, string>> = {
  'dry-run':
    '<div class="banner dry-run" role="status"><strong>Dry-run mode.</strong> The agent writes nothing to the cluster: it says what it would do. Approving records your decision but changes nothing.</div>',
  approval: '',
  autonomous:
    '<div class="banner info" role="status"><strong>Autonomous mode.</strong> The agent acts without waiting for approval; nothing here will ask you to approve.</div>',
};

export function page(options: PageOptions): string {
  const { root, user } = options;
  const account = user
    ? `<form method="post" action="${root}logout" class="account"><span>Signed in as <strong>${escapeHtml(user.name)}</strong> (${user.role === 'approver' ? 'may approve' : 'read-only'})</span><input type="hidden" name="csrf" value="${escapeHtml(user.csrf)}"><button type="submit" class="link">Sign out</button></form>`
    : '';
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(options.title)} · ai4all-sre console</title>`,
    `<link rel="stylesheet" href="${root}assets/console.css">`,
    `<script src="${root}assets/console.js" defer></script>`,
    '</head>',
    '<body>',
    `<header class="top"><a href="${root}" class="brand">ai4all-sre console</a>${account}</header>`,
    `<div class="mode-banner">${MODE_BANNERS[options.mode]}</div>`,
    '<main id="main">',
    options.body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** "3 min ago" from two ISO instants (coarse on purpose: it is re-rendered live). */
export function age(from: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(from)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

export function statusBadge(status: string): string {
  return `<span class="status status-${escapeHtml(status)}">${escapeHtml(status)}</span>`;
}
