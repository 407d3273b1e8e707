/**
 * The demo's HTML report: one file that opens offline (no script, no external URL), every
 * scenario's timeline drawn from its marks, the verdict, and links to the post-mortems.
 */
import { describe, expect, it } from 'vitest';
import { renderDemoReport, type DemoReportInput } from './html-report.js';
import { laneTimeline, tickStep } from './html-page.js';
import { relativeHref } from './write-report.js';
import type { ScenarioResult } from './verdict.js';

const passed: ScenarioResult = {
  id: 'bad-rollout',
  title: 'Bad release of checkout crash-loops',
  target: 'checkoutservice',
  fault: 'release',
  alert: 'DeploymentCrashLooping',
  diagnosis: 'bad-rollout',
  diagnosisSource: 'rules',
  action: 'rollback → rev 1',
  guardrail: 'allowed',
  status: 'resolved',
  recovered: true,
  detectSeconds: 150,
  actSeconds: 150,
  recoverSeconds: 180,
  writes: 1,
  postMortems: ['/data/agent/reports/post-mortems/inc-1.md'],
  passed: true,
  problems: [],
  marks: [
    { kind: 'fault', seconds: 0, label: 'release checkoutservice:v0.10.5-rc.1', good: false },
    { kind: 'alert', seconds: 150, label: 'DeploymentCrashLooping firing', good: false },
    { kind: 'decision', seconds: 150, label: 'allowed', good: true },
    {
      kind: 'write',
      seconds: 150,
      label: 'PATCH /apis/apps/v1/namespaces/online-boutique/deployments/checkoutservice',
      good: true,
    },
    { kind: 'verification', seconds: 180, label: 'promql: no series', good: true },
    { kind: 'recovery', seconds: 180, label: 'checkoutservice healthy', good: true },
  ],
  durationSeconds: 240,
};
const failed: ScenarioResult = {
  ...passed,
  id: 'memory-leak',
  title: 'Leak <script>alert(1)</script>',
  passed: false,
  recovered: false,
  problems: ['expected the incident to end resolved, it ended no-action'],
  postMortems: [],
  marks: [{ kind: 'fault', seconds: 0, label: 'fault injected: memory-leak', good: false }],
};

const input: DemoReportInput = {
  seed: 1,
  mode: 'autonomous',
  model: null,
  simulatedSeconds: 420,
  interrupted: false,
  results: [passed, failed],
  postMortemHref: (path) => `agent/reports/post-mortems/${path.split('/').pop() ?? ''}`,
};

describe('renderDemoReport', () => {
  const html = renderDemoReport(input);

  it('is one self-contained document: no script, nothing fetched from a network', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html).toContain("default-src 'none'");
  });

  it('draws a timeline per scenario with one marker per mark, in six lanes', () => {
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html.match(/<circle /g)).toHaveLength(passed.marks.length + failed.marks.length);
    for (const lane of ['fault', 'alert', 'decision', 'write', 'verification', 'recovery'])
      expect(html).toContain(`text-anchor="end">${lane}</text>`);
  });

  it('shows each verdict, the reasons for a failure and links to the post-mortems', () => {
    expect(html).toContain('<span class="badge pass">PASS</span>');
    expect(html).toContain('<span class="badge fail">FAIL</span>');
    expect(html).toContain('<li>expected the incident to end resolved, it ended no-action</li>');
    expect(html).toContain('href="agent/reports/post-mortems/inc-1.md"');
    expect(html).toContain('1 of 2 scenario(s) ended as expected');
  });

  it('escapes text from scenarios and incidents', () => {
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('Leak &lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('laneTimeline', () => {
  it('places a mark proportionally to its time and hollows bad turns', () => {
    const svg = laneTimeline(['a', 'b'], [{ lane: 'b', seconds: 50, label: 'x', good: false }], 100, 'test');
    // left margin 110, plot width 960 - 110 - 24 = 826: 50 s of 100 s is 110 + 413.
    expect(svg).toContain('<circle cx="523.0" cy="55" r="7" fill="#ffffff"');
    expect(svg).toContain('aria-label="test"');
  });

  it('ticks at 1, 2 or 5 times a power of ten', () => {
    expect(tickStep(1515)).toBe(500);
    expect(tickStep(240)).toBe(50);
    expect(tickStep(11)).toBe(2);
  });
});

describe('relativeHref', () => {
  it('links a post-mortem relative to the report and encodes each segment', () => {
    expect(relativeHref('/d/report.html', '/d/agent/post mortems/inc-1.md')).toBe('agent/post%20mortems/inc-1.md');
  });
});
