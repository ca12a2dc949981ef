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

output "posture" {
  description = "Layout facts of the network, as configured."
  value = {
    nat_gateways          = length(aws_nat_gateway.this)
    azs                   = sort(distinct(concat(aws_subnet.public[*].availability_zone, aws_subnet.private[*].availability_zone)))
    private_subnet_ids    = sort(aws_subnet.private[*].id)
    public_ip_on_launch   = anytrue(concat(aws_subnet.public[*].map_public_ip_on_launch, aws_subnet.private[*].map_public_ip_on_launch))
    flow_logs_all_traffic = aws_flow_log.this.traffic_type == "ALL"
  }
}
