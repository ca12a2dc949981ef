output "replication_group_id" {
  description = "Replication group ID (known at plan time: it is the configured name)."
  value       = aws_elasticache_replication_group.this.replication_group_id
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
  description = "Member cluster IDs (per-node CloudWatch metrics): ElastiCache names them <group>-001, -002, …; derived here so they are known at plan time (alarms are keyed by them)."
  value       = [for i in range(aws_elasticache_replication_group.this.num_cache_clusters) : format("%s-%03d", aws_elasticache_replication_group.this.replication_group_id, i + 1)]
}

output "port" {
  description = "Redis port."
  value       = aws_elasticache_replication_group.this.port
}

output "security_group_id" {
  description = "Security group of the cache."
  value       = aws_security_group.this.id
}

output "posture" {
  description = "Security and sizing facts of the replication group, as configured."
  value = {
    node_type         = aws_elasticache_replication_group.this.node_type
    port              = aws_elasticache_replication_group.this.port
    security_group_id = aws_security_group.this.id
    # Who may connect: the security groups of the ingress rules, with their port range.
    ingress = [for r in values(aws_vpc_security_group_ingress_rule.redis) : {
      from_port                    = r.from_port
      to_port                      = r.to_port
      referenced_security_group_id = r.referenced_security_group_id
    }]
    num_cache_clusters         = aws_elasticache_replication_group.this.num_cache_clusters
    automatic_failover_enabled = aws_elasticache_replication_group.this.automatic_failover_enabled
    multi_az_enabled           = aws_elasticache_replication_group.this.multi_az_enabled
    transit_encryption_enabled = aws_elasticache_replication_group.this.transit_encryption_enabled
    at_rest_encryption_enabled = aws_elasticache_replication_group.this.at_rest_encryption_enabled
    auth_token_set             = nonsensitive(aws_elasticache_replication_group.this.auth_token != null && aws_elasticache_replication_group.this.auth_token != "")
  }
}
