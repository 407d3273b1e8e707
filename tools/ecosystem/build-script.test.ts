/**
 * tools/ecosystem/build.sh without building anything: a missing Go fails loudly (never a silent
 * skip), unknown tools are refused, and every wrapper module pins its tool with a committed go.sum.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/engines/ecosystem-tools.js';

const SCRIPT = join(REPO_ROOT, 'tools', 'ecosystem', 'build.sh');
const bin = mkdtempSync(join(tmpdir(), 'ai4all-tools-bin-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

/** Runs build.sh with a PATH holding only the basic system tools (no Go). */
function buildWithoutGo(...tools: string[]) {
  return spawnSync('bash', [SCRIPT, ...tools], {
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', AI4ALL_TOOLS_BIN: bin },
    timeout: 30_000,
  });
}

describe('tools/ecosystem/build.sh', () => {
  it.skipIf(existsSync('/usr/bin/go') || existsSync('/bin/go'))('fails with a clear message when Go is missing', () => {
    const run = buildWithoutGo('prometheus');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("'go' is not on PATH");
    expect(run.stderr).toContain('prometheus');
  });

  it('refuses an unknown tool', () => {
    const run = buildWithoutGo('grafana');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown tool 'grafana'");
  });

  it('pins each Go tool in a wrapper module with a committed go.sum', () => {
    const pins: Record<string, string> = {
      prometheus: 'github.com/prometheus/prometheus v0.316.0',
      alertmanager: 'github.com/prometheus/alertmanager v0.35.0',
      kyverno: 'github.com/kyverno/kyverno v1.19.1',
    };
    for (const [folder, pin] of Object.entries(pins)) {
      const directory = join(REPO_ROOT, 'tools', 'ecosystem', folder);
      expect(readFileSync(join(directory, 'go.mod'), 'utf8'), folder).toContain(`require ${pin}`);
      expect(readFileSync(join(directory, 'go.sum'), 'utf8'), folder).toContain(pin.split(' ')[0]);
      expect(readFileSync(join(directory, 'tools.go'), 'utf8'), folder).toContain('//go:build tools');
    }
  });
});
