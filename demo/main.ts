/**
 * Entry of `npm run demo`. Checks the Node.js version (scripts/require-node.mjs) before loading anything that needs
 * Node 24 (the Kubernetes client's HTTP stack fails on older versions with an unhelpful TypeError),
 * then runs the command (`command.ts`).
 */
import '../scripts/require-node.mjs';

await import('./command.js');
