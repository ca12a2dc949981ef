output "replication_group_id" {
  description = "Replication group ID."
  value       = aws_elasticache_replication_group.this.id
}

output "primary_endpoint" {
  description = "Primary endpoint host (nura-core's externalRedis.host); TLS required."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "reader_endpoint" {
  description = "Reader endpoint host."
  value       = aws_elasticache_replication_group.this.reader_endpoint_address
}

output "member_clusters" {
  description = "Member cluster IDs (per-node CloudWatch metrics)."
  value       = sort(tolist(aws_elasticache_replication_group.this.member_clusters))
}

output "security_group_id" {
  description = "Security group of the cache."
  value       = aws_security_group.this.id
}
