// Refuses any Node.js but 24 with one clear line, before anything heavy is loaded. Plain JavaScript
// (no TypeScript, no imports) so that it runs on the old Node it is refusing. Used two ways:
//   - every npm script starts with `node scripts/require-node.mjs && …`;
//   - every entry point imports it first (`import '../scripts/require-node.mjs'`).
// The agent image runs Node 24 (Dockerfile); .nvmrc and package.json `engines` say the same.

/** The one supported major version. */
export const REQUIRED_NODE_MAJOR = 24;

/**
 * The refusal for a Node.js version string (`process.version`), or undefined when it is supported.
 * @param {string} version e.g. "v20.20.2"
 * @returns {string | undefined}
 */
export function nodeVersionProblem(version) {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (major === REQUIRED_NODE_MAJOR) return undefined;
  return (
    `ai4all-sre needs Node.js ${REQUIRED_NODE_MAJOR} (see .nvmrc); this is Node.js ${version}. ` +
    `Switch with \`nvm use\`, or without nvm: \`npm install --prefix ~/.node24 node@${REQUIRED_NODE_MAJOR} && ` +
    `export PATH=~/.node24/node_modules/.bin:$PATH\`.`
  );
}

const problem = nodeVersionProblem(process.version);
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(2);
}
