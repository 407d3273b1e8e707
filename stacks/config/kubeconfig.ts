/** Resolves the configured kubeconfig: inline YAML is passed through, a path gets `~/` expanded. */
import * as path from 'node:path';

/** True when the value is the kubeconfig's contents rather than a path. */
export function isInlineKubeconfig(value: string): boolean {
  return value.includes('\n') || /^\s*(apiVersion|clusters|\{)/.test(value);
}

/** The value for `k8s.Provider({ kubeconfig })`: contents, or an absolute path. */
export function resolveKubeconfig(value: string, homeDirectory: string, workingDirectory: string): string {
  if (isInlineKubeconfig(value)) {
    return value;
  }
  if (value === '~' || value.startsWith('~/')) {
    return path.join(homeDirectory, value.slice(1));
  }
  return path.resolve(workingDirectory, value);
}
