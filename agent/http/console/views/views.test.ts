/** The console's pure views: the change diff, escaping of incident text, and the list's paging links. */
import { describe, expect, it } from 'vitest';
import { lineDiff, recordedChanges, renderChanges } from './change-diff.js';
import { listLive } from './list-view.js';
import { loginBody } from './login-view.js';

describe('change diff', () => {
  it('shows removed lines before added ones and keeps the rest', () => {
    expect(lineDiff('a\nold\nc', 'a\nnew\nc')).toEqual([
      { sign: ' ', text: 'a' },
      { sign: '-', text: 'old' },
      { sign: '+', text: 'new' },
      { sign: ' ', text: 'c' },
    ]);
  });

  it('derives the scale diff from the undo record once applied, and escapes values', () => {
    const target = { namespace: 'shop', kind: 'Deployment' as const, name: 'web' };
    const changes = recordedChanges(
      { type: 'scale', target, replicas: 6 },
      { type: 'scale', target, previousReplicas: 3 },
      undefined,
    );
    expect(changes).toEqual([{ field: 'spec.replicas', before: '3', after: '6' }]);
    const html = renderChanges([{ field: 'x', before: '<b>', after: '<i>' }], 'recorded');
    expect(html).toContain('<span class="del">- &lt;b&gt;</span><span class="add">+ &lt;i&gt;</span>');
    expect(recordedChanges({ type: 'none', reason: 'victim' }, null, undefined)).toEqual([]);
  });
});

describe('list and sign-in views', () => {
  it('links the next page with the opaque cursor and the active filters, relatively', () => {
    const html = listLive({ items: [], nextCursor: 'abc_-', filters: { status: 'awaiting-approval' } }, new Date());
    expect(html).toContain('href="./?status=awaiting-approval&amp;cursor=abc_-"');
  });

  it('posts the token in a form body (password field), never in the URL', () => {
    const html = loginBody('wrong-token');
    expect(html).toContain('<form method="post" action="login"');
    expect(html).toContain('type="password"');
    expect(html).toContain('role="alert"');
  });
});
