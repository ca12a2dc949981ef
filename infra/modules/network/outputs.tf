output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "CIDR block of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "Public subnets (load balancers, NAT gateways), one per AZ."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnets (EKS nodes and pods), one per AZ."
  value       = aws_subnet.private[*].id
}

output "database_subnet_ids" {
  description = "Database subnets without an internet route (RDS, ElastiCache), one per AZ."
  value       = aws_subnet.database[*].id
}

output "nat_gateway_ids" {
  description = "NAT gateways: one in dev, one per AZ elsewhere."
  value       = aws_nat_gateway.this[*].id
}

output "nat_public_ips" {
  description = "Public IPs of the NAT gateways (egress addresses to allow-list elsewhere)."
  value       = aws_eip.nat[*].public_ip
}

output "flow_log_group_name" {
  description = "CloudWatch log group receiving the VPC flow logs."
  value       = aws_cloudwatch_log_group.flow_logs.name
}
