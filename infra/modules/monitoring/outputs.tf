output "logs_kms_key_arn" {
  description = "KMS key encrypting the environment's log groups and alarm topic."
  value       = module.logs_key.arn
}

output "log_group_names" {
  description = "Application log group names by application."
  value       = { for k, g in aws_cloudwatch_log_group.app : k => g.name }
}

output "log_group_arns" {
  description = "Application log group ARNs (Fluent Bit's IRSA role may write to these only)."
  value       = [for g in aws_cloudwatch_log_group.app : g.arn]
}

output "alarm_topic_arn" {
  description = "SNS topic every alarm notifies."
  value       = aws_sns_topic.alarms.arn
}

output "alarm_names" {
  description = "Names of the CloudWatch alarms created."
  value       = concat([for a in aws_cloudwatch_metric_alarm.rds : a.alarm_name], [for a in aws_cloudwatch_metric_alarm.redis : a.alarm_name])
}
