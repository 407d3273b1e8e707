/** The post-mortem names the human who approved or rejected, when, through what, and why. */
import { describe, expect, it } from 'vitest';
import { testIncident } from '../../adapters/disk/test-incident.js';
import { renderPostMortem } from './post-mortem.js';

describe('post-mortem: human review', () => {
  it('records the verdict, the reviewer, the time, the channel and the comment (quoted)', () => {
    const text = renderPostMortem({
      ...testIncident('inc-1', 'resolved', '2026-12-07T03:00:00.000Z'),
      review: {
        verdict: 'approved',
        by: 'Ada | On-Call',
        comment: 'rollback to rev 1 matches the bad release\n```not a fence```',
        at: '2026-12-07T03:05:00.000Z',
        via: 'console',
      },
    });
    expect(text).toContain('## Human review');
    expect(text).toContain('- **approved** by Ada \\| On-Call at 2026-12-07T03:05:00.000Z (via console)');
    expect(text).toContain('rollback to rev 1 matches the bad release');
    expect(text.indexOf('## Human review')).toBeLessThan(text.indexOf('## Verification'));
  });

  it('has no review section when no human was asked', () => {
    expect(renderPostMortem(testIncident('inc-2', 'resolved'))).not.toContain('Human review');
  });
});
