data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

# One customer-managed key for the environment's logs and the alarm topic; rotated yearly. CloudWatch Logs
# and CloudWatch alarms use the key themselves, so the key policy names them (IAM cannot).
data "aws_iam_policy_document" "logs_key_services" {
  # checkov:skip=CKV_AWS_111:A key policy's Resource "*" is this key only.
  # checkov:skip=CKV_AWS_356:A key policy's Resource "*" is this key only, not every resource.
  statement {
    sid       = "CloudWatchLogsUse"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["logs.${data.aws_region.current.region}.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:log-group:*"]
    }
  }
  statement {
    sid       = "CloudWatchAlarmsPublish"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
  }
}

module "logs_key" {
  source           = "../kms-key"
  description      = "${var.name}: CloudWatch Logs and alarm topic"
  alias            = "${var.name}-logs"
  policy_documents = [data.aws_iam_policy_document.logs_key_services.json]
  tags             = var.tags
}

moved {
  from = aws_kms_key.logs
  to   = module.logs_key.aws_kms_key.this
}

moved {
  from = aws_kms_alias.logs
  to   = module.logs_key.aws_kms_alias.this[0]
}

resource "aws_cloudwatch_log_group" "app" {
  for_each          = toset(var.log_groups)
  name              = "/nura/${var.name}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = module.logs_key.arn
  tags              = var.tags
}

resource "aws_sns_topic" "alarms" {
  name              = "${var.name}-alarms"
  kms_master_key_id = module.logs_key.arn
  tags              = var.tags
}

resource "aws_sns_topic_subscription" "email" {
  count     = var.alarm_email == null ? 0 : 1
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  rds_alarms = var.rds_instance_id == null ? {} : {
    rds-cpu-high = {
      metric      = "CPUUtilization", stat = "Average", op = "GreaterThanThreshold", threshold = var.thresholds.rds_cpu_percent
      description = "RDS CPU above ${var.thresholds.rds_cpu_percent}% for 15 minutes"
    }
    rds-free-storage-low = {
      metric      = "FreeStorageSpace", stat = "Minimum", op = "LessThanThreshold", threshold = var.thresholds.rds_free_storage_bytes
      description = "RDS free storage below ${floor(var.thresholds.rds_free_storage_bytes / 1073741824)} GiB"
    }
    rds-connections-high = {
      metric      = "DatabaseConnections", stat = "Maximum", op = "GreaterThanThreshold", threshold = var.thresholds.rds_connections
      description = "RDS connections above ${var.thresholds.rds_connections}"
    }
  }
  redis_alarms = var.elasticache_replication_group_id == null ? {} : merge([
    for c in var.elasticache_member_clusters : {
      "redis-cpu-high-${c}" = {
        cluster     = c, metric = "EngineCPUUtilization", stat = "Average", op = "GreaterThanThreshold", threshold = var.thresholds.redis_cpu_percent
        description = "Redis ${c} engine CPU above ${var.thresholds.redis_cpu_percent}%"
      }
      "redis-memory-high-${c}" = {
        cluster     = c, metric = "DatabaseMemoryUsagePercentage", stat = "Average", op = "GreaterThanThreshold", threshold = var.thresholds.redis_memory_percent
        description = "Redis ${c} memory above ${var.thresholds.redis_memory_percent}%"
      }
      "redis-evictions-${c}" = {
        cluster     = c, metric = "Evictions", stat = "Sum", op = "GreaterThanThreshold", threshold = var.thresholds.redis_evictions_per_5_min
        description = "Redis ${c} evicting keys"
      }
    }
  ]...)
}

resource "aws_cloudwatch_metric_alarm" "rds" {
  for_each            = var.create_alarms ? local.rds_alarms : {}
  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = "AWS/RDS"
  metric_name         = each.value.metric
  statistic           = each.value.stat
  comparison_operator = each.value.op
  threshold           = each.value.threshold
  period              = 300
  evaluation_periods  = 3
  treat_missing_data  = "breaching"
  dimensions          = { DBInstanceIdentifier = var.rds_instance_id }
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "redis" {
  for_each            = var.create_alarms ? local.redis_alarms : {}
  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = "AWS/ElastiCache"
  metric_name         = each.value.metric
  statistic           = each.value.stat
  comparison_operator = each.value.op
  threshold           = each.value.threshold
  period              = 300
  evaluation_periods  = 3
  treat_missing_data  = "breaching"
  dimensions          = { CacheClusterId = each.value.cluster }
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}
