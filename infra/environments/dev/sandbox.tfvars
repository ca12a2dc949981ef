# Sandbox overlay, read after terraform.tfvars when AWS_ENDPOINT_URL points at moto's server.
# It switches off exactly what moto does not implement (listed in infra/README.md), nothing else.
sandbox = true

enable_eks_access_entries          = false # moto: no EKS access entries
enable_eks_addons                  = false # moto: no EKS add-ons
enable_eks_pod_identity_agent      = false # moto: no EKS pod identity
create_elasticache_parameter_group = false # moto: no ElastiCache parameter groups
create_cloudwatch_alarms           = false # moto: no CloudWatch smithy-rpc-v2-cbor (the provider SDK's protocol)

# Throwaway token for moto only; real environments get TF_VAR_redis_auth_token from Jenkins credentials.
redis_auth_token = "sandbox-only-redis-token-0000"
