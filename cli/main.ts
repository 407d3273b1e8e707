#!/usr/bin/env node
/**
 * Composition root of the project CLI (`npm run cli -- <command>`, `npm run doctor`): the only
 * place that touches process.argv/env/stdout; everything else receives a {@link CliContext}.
 */
import '../scripts/require-node.mjs'; // first: refuses a Node.js other than 24 before anything heavy loads
import { processIo } from './io.js';
import { buildProgram } from './program.js';
import { COMMANDS } from './registry.js';

const program = buildProgram(COMMANDS, {
  io: processIo,
  env: process.env,
  cwd: process.cwd(),
  setExitCode: (code) => {
    process.exitCode = code;
  },
});
await program.parseAsync(process.argv);
