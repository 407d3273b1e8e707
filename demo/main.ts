/**
 * Entry of `npm run demo`. Checks the Node.js version before loading anything that needs Node 24
 * (the Kubernetes client's HTTP stack fails on older versions with an unhelpful TypeError), then
 * runs the command (`command.ts`).
 */
const REQUIRED_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);
if (major !== REQUIRED_MAJOR) {
  process.stderr.write(
    `npm run demo needs Node.js ${REQUIRED_MAJOR} (see .nvmrc); this is ${process.version}. ` +
      `Switch with \`nvm use\` (or install Node ${REQUIRED_MAJOR}) and run it again.\n`,
  );
  process.exit(2);
}
await import('./command.js');
