output "replica_bucket" {
  description = "Name of the replica bucket."
  value       = aws_s3_bucket.replica.id
}

output "posture" {
  description = "Where the state is replicated and how, as configured (asserted by tofu test)."
  value = {
    replica_region  = aws_s3_bucket.replica.region
    key_region      = module.replica_key.region
    rule_status     = aws_s3_bucket_replication_configuration.this.rule[0].status
    delete_markers  = aws_s3_bucket_replication_configuration.this.rule[0].delete_marker_replication[0].status
    sse_kms_objects = aws_s3_bucket_replication_configuration.this.rule[0].source_selection_criteria[0].sse_kms_encrypted_objects[0].status
    replica_key     = aws_s3_bucket_replication_configuration.this.rule[0].destination[0].encryption_configuration[0].replica_kms_key_id
    trust_policy    = jsondecode(local.trust)
    policy          = local.policy
    replica_version = aws_s3_bucket_versioning.replica.versioning_configuration[0].status
  }
}
