locals {
  family    = "redis${split(".", var.engine_version)[0]}"
  failover  = var.replicas > 0
  key_arn   = var.kms_key_arn != null ? var.kms_key_arn : module.key[0].arn
  pg_name   = var.create_parameter_group ? aws_elasticache_parameter_group.this[0].name : "default.${local.family}"
  log_types = var.log_group_name == null ? [] : ["slow-log", "engine-log"]
}

module "key" {
  source      = "../kms-key"
  count       = var.kms_key_arn == null ? 1 : 0
  description = "${var.name}: ElastiCache at-rest encryption"
  tags        = var.tags
}

moved {
  from = aws_kms_key.this[0]
  to   = module.key[0].aws_kms_key.this
}

resource "aws_elasticache_subnet_group" "this" {
  name        = "${var.name}-redis"
  description = "${var.name} Redis: database subnets only"
  subnet_ids  = var.subnet_ids
  tags        = var.tags
}

resource "aws_security_group" "this" {
  name        = "${var.name}-redis"
  description = "Redis: 6379 from the EKS nodes only"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-redis" })
}

resource "aws_vpc_security_group_ingress_rule" "redis" {
  for_each                     = var.allowed_security_groups
  security_group_id            = aws_security_group.this.id
  description                  = "Redis from ${each.key}"
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  referenced_security_group_id = each.value
}

resource "aws_elasticache_parameter_group" "this" {
  count       = var.create_parameter_group ? 1 : 0
  name        = "${var.name}-${local.family}"
  family      = local.family
  description = "${var.name}: LRU eviction for a cache, keyspace notifications off"

  parameter {
    name  = "maxmemory-policy"
    value = "allkeys-lru"
  }
  parameter {
    name  = "timeout"
    value = "300"
  }

  tags = var.tags
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = var.name
  description          = "${var.name} Redis for nura-core (sessions, cache, rate limits)"
  engine               = "redis"
  engine_version       = var.engine_version
  node_type            = var.node_type
  port                 = 6379
  num_cache_clusters   = 1 + var.replicas
  parameter_group_name = local.pg_name
  subnet_group_name    = aws_elasticache_subnet_group.this.name
  security_group_ids   = [aws_security_group.this.id]

  automatic_failover_enabled = local.failover
  multi_az_enabled           = local.failover

  at_rest_encryption_enabled = true
  kms_key_id                 = local.key_arn
  transit_encryption_enabled = true
  transit_encryption_mode    = "required"
  auth_token                 = var.auth_token
  auth_token_update_strategy = "ROTATE"

  snapshot_retention_limit   = var.snapshot_retention_days
  snapshot_window            = "01:00-02:00"
  maintenance_window         = "sun:04:30-sun:05:30"
  auto_minor_version_upgrade = true
  apply_immediately          = false

  dynamic "log_delivery_configuration" {
    for_each = toset(local.log_types)
    content {
      destination      = var.log_group_name
      destination_type = "cloudwatch-logs"
      log_format       = "json"
      log_type         = log_delivery_configuration.key
    }
  }

  tags = var.tags
}
