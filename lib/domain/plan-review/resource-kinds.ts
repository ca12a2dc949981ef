// Which AWS resource types a reviewer must look at twice, by type name (and, for the state bucket,
// by where it lives). Shared by the highlights and the policy rules so both agree.

export function isIamType(type: string): boolean {
  return type.startsWith("aws_iam_");
}

export function isSecurityGroupType(type: string): boolean {
  return (
    type.startsWith("aws_security_group") ||
    type.startsWith("aws_vpc_security_group_") ||
    type === "aws_default_security_group"
  );
}

/** Stateful or foundational objects whose loss in prod is not undone by re-applying. */
export type ProtectedKind = "database" | "cache" | "cluster" | "kms-key" | "state-bucket";

const PROTECTED_TYPES: Record<string, ProtectedKind> = {
  aws_db_instance: "database",
  aws_rds_cluster: "database",
  aws_rds_cluster_instance: "database",
  aws_rds_global_cluster: "database",
  aws_dynamodb_table: "database",
  aws_elasticache_replication_group: "cache",
  aws_elasticache_cluster: "cache",
  aws_elasticache_serverless_cache: "cache",
  aws_memorydb_cluster: "cache",
  aws_eks_cluster: "cluster",
  aws_ecs_cluster: "cluster",
  aws_kms_key: "kms-key",
  aws_kms_replica_key: "kms-key",
  aws_kms_external_key: "kms-key",
};

export const PROTECTED_KIND_LABEL: Record<ProtectedKind, string> = {
  database: "database",
  cache: "cache",
  cluster: "cluster",
  "kms-key": "KMS key",
  "state-bucket": "OpenTofu state bucket",
};

/**
 * The state bucket is an aws_s3_bucket like any other; it is recognised by the module that manages it
 * (infra/modules/state-backend, called `state_backend` by infra/bootstrap) or by its name
 * (`nura-<env>-tofu-state-<account>`, see infra/bootstrap).
 */
function isStateBucket(r: { type: string; moduleAddress: string | null; bucketName: string | null }): boolean {
  if (r.type !== "aws_s3_bucket") return false;
  if (r.moduleAddress && /(^|\.)module\.state_backend(\[|\.|$)/.test(r.moduleAddress)) return true;
  return r.bucketName !== null && /-tofu-state(-|$)/.test(r.bucketName);
}

export function protectedKindOf(r: {
  type: string;
  moduleAddress: string | null;
  bucketName: string | null;
}): ProtectedKind | null {
  return PROTECTED_TYPES[r.type] ?? (isStateBucket(r) ? "state-bucket" : null);
}
