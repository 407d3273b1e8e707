/** Issue 12, defect 9: runbook file names never collide, whatever the alert names are. */
import { describe, expect, it } from 'vitest';
import { safeFileName } from './markdown.js';

describe('safeFileName', () => {
  it('keeps a plain alert name as it is', () => {
    expect(safeFileName('KubePodCrashLooping')).toBe('KubePodCrashLooping');
  });

  it('gives distinct names to distinct inputs that sanitise alike', () => {
    const inputs = [
      '_evil',
      '/evil',
      '?evil',
      '____',
      '../..',
      '..__',
      'a'.repeat(150),
      `${'a'.repeat(100)}b`,
      '',
      '.',
      '..',
    ];
    const names = inputs.map(safeFileName);
    expect(new Set(names).size).toBe(inputs.length);
    for (const name of names) {
      expect(name).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_.~-]*$/);
      expect(name.length).toBeLessThanOrEqual(120);
    }
  });
});
