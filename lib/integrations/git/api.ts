// GitOps port in domain terms: what a promotion reads from and writes to the GitOps repository.
// Environments and applications are the catalog's; nothing here says how git is reached (a path,
// HTTPS with a token, SSH) or where the working copy lives.

/** The part of a catalog application the GitOps repository needs (ApplicationConfig fits). */
export interface GitOpsApplication {
  name: string;
  /** Values file per environment, relative to the repository root. */
  valuesFiles: Record<string, string>;
  /** Dotted YAML path of the image tag inside each values file (e.g. image.tag). */
  imageTagPath: string;
}

export interface Person {
  name: string;
  email: string;
}

/** An environment's values file on the remote branch, as a promotion request records it. */
export interface TargetValues {
  valuesPath: string;
  /** The tag the file deploys now. */
  currentTag: string;
  /** Blob SHA of the file: recorded at request time, compared before the commit (superseded if it moved). */
  blobSha: string;
  /** The remote branch head it was read from. */
  headSha: string;
}

/** A GitOps commit as the request page lists it. */
export interface GitOpsCommit {
  sha: string;
  author: string;
  email: string;
  /** Author date, ISO 8601. */
  date: string;
  /** Subject line. */
  message: string;
}

/** A commit Argo CD deployed, as an application's history row shows it: what it deployed and why. */
export interface RevisionInfo extends GitOpsCommit {
  /** The tag the environment's values file held at that commit; null when the file or the path is absent. */
  imageTag: string | null;
}

export interface PromotionPreviewRequest {
  application: GitOpsApplication;
  fromEnvironment: string;
  toEnvironment: string;
  imageTag: string;
}

export interface PromotionPreview {
  /** The target environment's values file. */
  valuesPath: string;
  currentTag: string;
  newTag: string;
  /** Record this on the promotion: commitPromotion refuses (superseded) when the file moved since. */
  targetBlobSha: string;
  headSha: string;
  /** Exactly the diff the commit will contain (git diff --full-index format); "" when the tag is already there. */
  unifiedDiff: string;
  /** GitOps commits to the SOURCE values file, from the target's current tag (exclusive) to the new tag, newest first. */
  commits: GitOpsCommit[];
  /** False when the source file's history did not reach back to the target's tag (commits is then the newest ones only). */
  commitsComplete: boolean;
}

export interface PromotionCommitRequest {
  promotionId: string;
  application: GitOpsApplication;
  /** Target environment. */
  environment: string;
  imageTag: string;
  /** TargetValues.blobSha / PromotionPreview.targetBlobSha recorded when the promotion was requested. */
  expectedBlobSha: string;
  /** The requester: the commit's author. The committer is the portal (GITOPS_COMMITTER_*). */
  author: Person;
  /** One Approved-by trailer each, in this order. */
  approvers: Person[];
}

export interface RevertRequest {
  promotionId: string;
  application: GitOpsApplication;
  environment: string;
  /** The promotion's commit (PushedCommit.sha). */
  commitSha: string;
  /** Why it is rolled back; it goes into the message body. */
  reason: string;
  /** Who rolls back; default: the portal itself (automatic rollback). */
  author?: Person;
}

export interface RollbackRequest {
  /** The id of this rollback (the idempotency key, written as Promotion-Id). */
  promotionId: string;
  application: GitOpsApplication;
  environment: string;
  /** The tag of the earlier succeeded promotion. */
  imageTag: string;
  /** The earlier promotion's id (trailer Rolls-back-to). */
  rollsBackTo: string;
  reason: string;
  author: Person;
  approvers?: Person[];
  /** When given, refused as superseded if the values file moved since it was read. */
  expectedBlobSha?: string;
}

export type PushedCommitKind = "promote" | "revert" | "rollback";

export interface PushedCommit {
  kind: PushedCommitKind;
  sha: string;
  branch: string;
  valuesPath: string;
  /** The tag before and after this commit in the values file. */
  previousTag: string;
  newTag: string;
  /** The commit's diff (git diff --full-index <sha>^ <sha>). */
  unifiedDiff: string;
  /** True when the commit was already on the remote (a retry after a crash): nothing new was pushed. */
  alreadyOnRemote: boolean;
  /** Push attempts this call made (0 when alreadyOnRemote). */
  pushAttempts: number;
}

export interface GitOpsApi {
  /** The target environment's values file now (after a fetch): record blobSha at request time. */
  readTarget(application: GitOpsApplication, environment: string): Promise<TargetValues>;
  /** Read-only: the exact diff a promotion would commit and the source commits it brings. */
  previewPromotion(request: PromotionPreviewRequest): Promise<PromotionPreview>;
  /**
   * Commit `promote(<app>): <tag> to <env>` with Promotion-Id and Approved-by trailers and push it.
   * Idempotent per promotionId. Throws GitError: superseded (the file's blob moved), push_refused,
   * non_fast_forward_exhausted, path_not_found, not_scalar, no_change, timeout, command_failed.
   */
  commitPromotion(request: PromotionCommitRequest): Promise<PushedCommit>;
  /** `git revert` of a promotion commit, pushed the same way; idempotent per (promotionId, commitSha). */
  revertPromotion(request: RevertRequest): Promise<PushedCommit>;
  /** Sets the tag back to an earlier promotion's with the same one-line edit, pushed the same way. */
  rollbackToPromotion(request: RollbackRequest): Promise<PushedCommit>;
  /**
   * Read-only: for each commit SHA the repository has (after a fetch of the branch), its subject,
   * author and the tag `environment`'s values file held there. SHAs it does not have are absent.
   */
  describeRevisions(
    application: GitOpsApplication,
    environment: string,
    shas: readonly string[],
  ): Promise<Map<string, RevisionInfo>>;
  /** The commit on the remote branch carrying `Promotion-Id: <id>` for that kind, or null. */
  findPromotionCommit(promotionId: string, kind: PushedCommitKind): Promise<GitOpsCommit | null>;
  /**
   * For each tag, the oldest commit on the remote branch at which `environment`'s values file deploys
   * it (DORA's lead time starts at the first one in the first environment). Absent when not found.
   */
  firstCommitsOfTags(
    application: GitOpsApplication,
    environment: string,
    tags: readonly string[],
  ): Promise<Map<string, GitOpsCommit>>;
}
