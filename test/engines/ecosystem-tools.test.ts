/**
 * Engine tests never skip: a tool that was not built is an error that names the command building it.
 */
import { describe, expect, it } from 'vitest';
import { ToolMissingError, toolPath, toolsDirectory } from './ecosystem-tools.js';

describe('ecosystem tools', () => {
  it('throws ToolMissingError naming `npm run tools:build` when a binary is absent', () => {
    const environment = { AI4ALL_TOOLS_BIN: '/nonexistent/ai4all-tools' };
    expect(toolsDirectory(environment)).toBe('/nonexistent/ai4all-tools');
    expect(() => toolPath('promtool', environment)).toThrow(ToolMissingError);
    expect(() => toolPath('kyverno', environment)).toThrow(/kyverno is not built .*npm run tools:build/);
  });
});
