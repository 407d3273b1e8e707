/**
 * The GitOps port for reports: publish written files somewhere reviewable. The git adapter
 * (agent/adapters/disk/git-publisher.ts) commits them to a configured repository with the `git` CLI.
 */
export interface PublishedFile {
  /** Absolute path of the written file. */
  readonly path: string;
  /** Path relative to the reports directory (e.g. `post-mortems/inc-….md`), kept in the repository. */
  readonly relativePath: string;
}

export interface ReportPublisher {
  publish(change: { readonly files: readonly PublishedFile[]; readonly message: string }): Promise<void>;
}
