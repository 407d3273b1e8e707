/**
 * The runtime settings the agent image uses (Dockerfile ENTRYPOINT flags and ENV), so the bench
 * measures memory and latency as deployed. `runtime-settings.test.ts` keeps the two in step.
 */
export const AGENT_NODE_FLAGS = ['--max-semi-space-size=4'] as const;
export const AGENT_RUNTIME_ENVIRONMENT = { MALLOC_ARENA_MAX: '2', NODE_OPTIONS: '--max-old-space-size=384' } as const;
