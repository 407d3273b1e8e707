import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentNodeOptions } from '../catalog/agent-contract.js';
import { AGENT_NODE_FLAGS, AGENT_RUNTIME_ENVIRONMENT } from './runtime-settings.js';

const dockerfile = await readFile(join(import.meta.dirname, '..', 'Dockerfile'), 'utf8');

describe('bench runtime settings', () => {
  it('are the flags the image starts node with', () => {
    const entrypoint = /^ENTRYPOINT (\[.*\])$/m.exec(dockerfile);
    expect(entrypoint, 'the Dockerfile has an exec-form ENTRYPOINT').not.toBeNull();
    const argv = JSON.parse(entrypoint![1]!) as string[];
    expect(argv[0]).toBe('node');
    expect(argv.slice(1, -1)).toEqual([...AGENT_NODE_FLAGS]);
  });

  it('include the environment the image sets for memory', () => {
    for (const [name, value] of Object.entries(AGENT_RUNTIME_ENVIRONMENT)) {
      expect(dockerfile.split(/\s+/)).toContain(`${name}=${value}`);
    }
  });

  it("use the heap limit the construct library derives for the image's 512 MiB", () => {
    expect(AGENT_RUNTIME_ENVIRONMENT.NODE_OPTIONS).toBe(agentNodeOptions(512));
  });
});
