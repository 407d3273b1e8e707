/** Types for require-node.mjs (plain JavaScript so that it runs on the Node it refuses). */
export declare const REQUIRED_NODE_MAJOR: 24;
export declare function nodeVersionProblem(version: string): string | undefined;
