# The rules of every environment, then each environment's own: one file, run against each root with its
# own terraform.tfvars (tests/infra/run-all.sh: tofu -chdir=infra/environments/<env> test
# -test-directory=../tests). An environment's own rules hold when var.environment names it.
# Mock AWS provider: nothing is called.
mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_region" {
    defaults = { region = "eu-west-1" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
  # ARNs the provider validates at plan time: mocked with well-formed values.
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/mock" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:mock" }
  }
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:eu-west-1:123456789012:mock" }
  }
  mock_resource "aws_launch_template" {
    defaults = { id = "lt-0123456789abcdef0", latest_version = 1 }
  }
  mock_resource "aws_eks_cluster" {
    defaults = {
      identity              = [{ oidc = [{ issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/MOCK" }] }]
      certificate_authority = [{ data = "bW9jaw==" }]
    }
  }
  mock_resource "aws_iam_openid_connect_provider" {
    defaults = { arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/MOCK" }
  }
  mock_resource "aws_db_instance" {
    defaults = { arn = "arn:aws:rds:eu-west-1:123456789012:db:mock" }
  }
  mock_resource "aws_elasticache_replication_group" {
    defaults = { member_clusters = ["mock-001"] }
  }
}

# Fixed subnet ids per tier, so "nodes only in private subnets" compares real values, not random mocks.
override_resource {
  target = module.platform.module.network.aws_subnet.private
  values = { id = "subnet-private" }
}
override_resource {
  target = module.platform.module.network.aws_subnet.public
  values = { id = "subnet-public" }
}

# Distinct security group ids (the mock would give every group the same one), so "the nodes may reach the
# data store" compares real references.
override_resource {
  target = module.platform.module.eks.aws_security_group.nodes
  values = { id = "sg-nodes" }
}
override_resource {
  target = module.platform.module.eks.aws_security_group.cluster
  values = { id = "sg-cluster" }
}
override_resource {
  target = module.platform.module.rds.aws_security_group.this
  values = { id = "sg-postgres" }
}
override_resource {
  target = module.platform.module.elasticache.aws_security_group.this
  values = { id = "sg-redis" }
}

# The hub's Argo CD role, as IAM names it (the mock would give every role the same ARN).
override_resource {
  target = module.platform.module.iam.aws_iam_role.argocd_hub
  values = { arn = "arn:aws:iam::123456789012:role/nura-prod-argocd-hub" }
}

variables {
  # tofu test reads terraform.tfvars; the token comes from CI in real runs.
  redis_auth_token = "test-only-redis-token-0000"
}

run "every_environment_rule" {
  command = apply

  # Nodes only in private subnets, IMDSv2 only, encrypted disks.
  assert {
    condition     = alltrue([for g in values(output.posture.eks.node_groups) : toset(g.subnet_ids) == toset(["subnet-private"]) && toset(output.posture.network.private_subnet_ids) == toset(["subnet-private"])])
    error_message = "Every node group must use exactly the private subnets."
  }
  assert {
    condition     = alltrue([for g in values(output.posture.eks.node_groups) : g.imdsv2_only && g.disk_encrypted])
    error_message = "Nodes must require IMDSv2 and encrypt their disks."
  }
  assert {
    condition     = !output.posture.network.public_ip_on_launch
    error_message = "No subnet may hand out public IPs on launch."
  }
  assert {
    condition     = length(output.posture.network.azs) == 3 && output.posture.network.flow_logs_all_traffic
    error_message = "Three AZs and flow logs of all traffic."
  }
  # Control plane: private endpoint, restricted public CIDRs, secrets encryption, every log type.
  assert {
    condition     = output.posture.eks.endpoint_private_access && !contains(output.posture.eks.public_access_cidrs, "0.0.0.0/0")
    error_message = "The API endpoint must be private, with restricted public CIDRs."
  }
  assert {
    condition     = output.posture.eks.secrets_encrypted
    error_message = "Kubernetes secrets must be KMS-encrypted."
  }
  assert {
    condition     = length(setsubtract(["api", "audit", "authenticator", "controllerManager", "scheduler"], output.posture.eks.log_types)) == 0
    error_message = "Every control-plane log type must be enabled."
  }
  assert {
    condition     = length(output.posture.eks.addons) == 5 && alltrue([for v in values(output.posture.eks.addons) : can(regex("^v[0-9]", v))])
    error_message = "The five add-ons must be installed at pinned versions."
  }
  # Sizing from the story.
  assert {
    condition     = join(",", output.posture.eks.node_groups.system.instance_types) == "t3.medium" && join(",", output.posture.eks.node_groups.application.instance_types) == "t3.large"
    error_message = "system nodes are t3.medium, application nodes t3.large."
  }
  assert {
    condition     = output.posture.rds.instance_class == "db.t3.medium" && output.posture.elasticache.node_type == "cache.t3.micro"
    error_message = "db.t3.medium and cache.t3.micro."
  }
  # Data stores: encrypted, never public, backed up.
  assert {
    condition     = output.posture.rds.storage_encrypted && !output.posture.rds.publicly_accessible && output.posture.rds.backup_retention_period >= 7
    error_message = "RDS must be encrypted, private and backed up for at least 7 days."
  }
  assert {
    condition     = output.posture.rds.performance_insights && output.posture.rds.iam_auth && output.posture.rds.managed_master_password
    error_message = "RDS needs Performance Insights, IAM auth and a managed master password."
  }
  assert {
    condition     = tonumber(split(".", output.posture.rds.engine_version)[0]) >= 16
    error_message = "PostgreSQL 16+ (pgvector)."
  }
  assert {
    condition     = output.posture.elasticache.transit_encryption_enabled && output.posture.elasticache.at_rest_encryption_enabled && output.posture.elasticache.auth_token_set
    error_message = "Redis needs TLS, at-rest encryption and an auth token."
  }
  # Every data store is reachable from the pods on its port: the node security group has an egress rule
  # covering the port towards the store's security group (or anywhere), and the store's security group
  # an ingress rule on that port from the nodes'. Security groups are stateful, so both halves are needed.
  assert {
    condition = alltrue([for store in [output.posture.rds, output.posture.elasticache] :
      anytrue([for r in output.posture.eks.node_egress :
        contains(["tcp", "-1"], r.ip_protocol) && r.from_port <= store.port && store.port <= r.to_port
        && (r.referenced_security_group_id == store.security_group_id || r.cidr_ipv4 == "0.0.0.0/0")
      ])
    ])
    error_message = "The node security group must allow egress to every data store (PostgreSQL 5432, Redis 6379) on its port."
  }
  assert {
    condition = alltrue([for store in [output.posture.rds, output.posture.elasticache] :
      anytrue([for r in store.ingress :
        r.referenced_security_group_id == output.posture.eks.node_security_group_id && r.from_port <= store.port && store.port <= r.to_port
      ])
    ])
    error_message = "Every data store's security group must allow its port from the node security group."
  }
  assert {
    condition     = output.posture.rds.port == 5432 && output.posture.elasticache.port == 6379
    error_message = "PostgreSQL listens on 5432 and Redis on 6379 (the charts' NetworkPolicies allow those)."
  }
  # NetworkPolicies are enforced: the vpc-cni add-on runs its network policy agent.
  assert {
    condition     = lookup(lookup(output.posture.eks.addon_configuration, "vpc-cni", {}), "enableNetworkPolicy", "false") == "true"
    error_message = "vpc-cni must run with enableNetworkPolicy = \"true\" (otherwise the charts' NetworkPolicies do nothing)."
  }
}

run "sandbox_overlay_switches_off_only_what_moto_lacks" {
  command = apply
  variables {
    sandbox                            = true
    enable_eks_access_entries          = false
    enable_eks_addons                  = false
    enable_eks_pod_identity_agent      = false
    create_elasticache_parameter_group = false
    create_cloudwatch_alarms           = false
  }
  assert {
    condition     = length(output.posture.eks.addons) == 0
    error_message = "The sandbox overlay installs no EKS add-ons."
  }
  assert {
    condition     = output.posture.rds.storage_encrypted && output.posture.elasticache.transit_encryption_enabled
    error_message = "The sandbox keeps every encryption setting."
  }
}

run "refuses_an_open_api_endpoint" {
  command = plan
  variables {
    eks_public_access_cidrs = ["0.0.0.0/0"]
  }
  expect_failures = [var.eks_public_access_cidrs]
}

# Each environment's own rules (the other environments pass them trivially).
run "environment_specific_rules" {
  command = apply
  assert {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "Only dev, staging and prod have rules here; another environment would pass them all."
  }
  # Exactly one environment hosts CI (ECR + Jenkins agent roles): dev, whose cluster runs Jenkins.
  assert {
    condition     = var.hosts_ci == (var.environment == "dev") && (output.posture.jenkins != null) == var.hosts_ci
    error_message = "dev, and only dev, hosts CI (the ECR registry and the Jenkins agents' roles)."
  }
  # dev is small and disposable
  assert {
    condition     = var.environment != "dev" || (output.posture.network.nat_gateways == 1)
    error_message = "dev has a single NAT gateway."
  }
  assert {
    condition     = var.environment != "dev" || (!output.posture.rds.multi_az && !output.posture.rds.deletion_protection)
    error_message = "dev RDS is single-AZ and deletable (the sandbox destroys it)."
  }
  assert {
    condition     = var.environment != "dev" || (output.posture.elasticache.num_cache_clusters == 1 && !output.posture.elasticache.automatic_failover_enabled)
    error_message = "dev Redis is a single node."
  }
  # prod's database survives the loss of its region: its automated backups are replicated to another one.
  assert {
    condition     = var.environment != "prod" || (output.posture.dr.rds_backup_replica_region != null && output.posture.dr.rds_backup_replica_region != var.region && output.posture.dr.rds_backup_replica_key_region == output.posture.dr.rds_backup_replica_region)
    error_message = "prod replicates its RDS automated backups (and their key) to a second region."
  }
  # staging is protected and zonal redundant
  assert {
    condition     = var.environment != "staging" || (output.posture.network.nat_gateways == 3)
    error_message = "staging has a NAT gateway per AZ."
  }
  assert {
    condition     = var.environment != "staging" || (output.posture.rds.deletion_protection)
    error_message = "staging RDS is deletion-protected."
  }
  assert {
    condition     = var.environment != "staging" || (output.posture.elasticache.automatic_failover_enabled && output.posture.elasticache.num_cache_clusters >= 2)
    error_message = "staging Redis fails over."
  }
  assert {
    condition     = var.environment != "staging" || (output.posture.eks.node_groups.application.min_size >= 2)
    error_message = "staging keeps two application nodes."
  }
  # prod is multi az and protected
  assert {
    condition     = var.environment != "prod" || (output.posture.rds.multi_az && output.posture.rds.deletion_protection)
    error_message = "prod RDS must be Multi-AZ and deletion-protected."
  }
  assert {
    condition     = var.environment != "prod" || (output.posture.rds.backup_retention_period >= 30)
    error_message = "prod keeps 30 days of backups."
  }
  assert {
    condition     = var.environment != "prod" || (output.posture.network.nat_gateways == 3)
    error_message = "prod has a NAT gateway per AZ."
  }
  assert {
    condition     = var.environment != "prod" || (output.posture.elasticache.automatic_failover_enabled && output.posture.elasticache.multi_az_enabled && output.posture.elasticache.num_cache_clusters >= 3)
    error_message = "prod Redis has two replicas with Multi-AZ failover."
  }
  assert {
    condition     = var.environment != "prod" || (output.posture.eks.node_groups.system.min_size >= 3 && output.posture.eks.node_groups.application.min_size >= 3)
    error_message = "prod keeps a node per AZ in each group."
  }
}

# The environment that hosts CI (hosts_ci; dev's terraform.tfvars): the account's ECR repositories and the
# Jenkins agents' IRSA roles. Run in every root with hosts_ci on, so the module is checked everywhere.
run "ci_registry_and_jenkins_agent_roles" {
  command = apply
  variables {
    hosts_ci = true
  }
  assert {
    condition     = toset(keys(output.posture.ecr)) == toset(["nura-core", "nura-ui", "nura-portal", "ci/nura-tofu"])
    error_message = "ECR holds the three application images and the tofu agent image."
  }
  assert {
    condition     = alltrue([for r in values(output.posture.ecr) : r.image_tag_mutability == "IMMUTABLE" && r.scan_on_push && r.encryption_type == "KMS"])
    error_message = "Every ECR repository has immutable tags, scans on push and is KMS-encrypted."
  }
  # Each role is assumable by exactly one service account of the agents' namespace, through the
  # cluster's OIDC provider, with the STS audience: one statement, StringEquals on sub and aud, nothing else.
  assert {
    condition = alltrue([for use, sa in {
      plan  = "system:serviceaccount:jenkins-agents:jenkins-tofu"
      apply = "system:serviceaccount:jenkins-agents:jenkins-tofu-apply"
      agent = "system:serviceaccount:jenkins-agents:jenkins-agent"
      } : (
      length(output.posture.jenkins[use].trust_policy.Statement) == 1
      && output.posture.jenkins[use].trust_policy.Statement[0].Effect == "Allow"
      && output.posture.jenkins[use].trust_policy.Statement[0].Action == "sts:AssumeRoleWithWebIdentity"
      && output.posture.jenkins[use].trust_policy.Statement[0].Principal == { Federated = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/MOCK" }
      && output.posture.jenkins[use].trust_policy.Statement[0].Condition == {
        StringEquals = {
          "oidc.eks.eu-west-1.amazonaws.com/id/MOCK:sub" = sa
          "oidc.eks.eu-west-1.amazonaws.com/id/MOCK:aud" = "sts.amazonaws.com"
        }
      }
      && output.posture.jenkins[use].service_account == sa
    )])
    error_message = "Each Jenkins role must trust exactly its service account (sub) with the sts.amazonaws.com audience (aud), through the cluster's OIDC provider."
  }
  # Plans read; applies write: two roles, and the plan role may write nothing but the state lock file.
  assert {
    condition     = output.posture.jenkins.plan.role_name != output.posture.jenkins.apply.role_name && output.posture.jenkins.plan.service_account != output.posture.jenkins.apply.service_account
    error_message = "Plans and applies use separate roles and service accounts."
  }
  assert {
    condition     = output.posture.jenkins.plan.managed_policies == ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
    error_message = "The plan role's only managed policy is ReadOnlyAccess."
  }
  assert {
    condition = alltrue(flatten([for p in output.posture.jenkins.plan.jsonencoded_inline_policies : [for s in p.Statement :
      s.Effect == "Allow" && (
        (toset(s.Action) == toset(["s3:PutObject", "s3:DeleteObject"]) && alltrue([for r in s.Resource : endswith(r, "/terraform.tfstate.tflock")]))
        || (toset(s.Action) == toset(["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]) && s.Condition["ForAnyValue:StringLike"]["kms:ResourceAliases"] == ["alias/nura-*-tofu-state"])
      )
    ]]))
    error_message = "Beyond ReadOnlyAccess the plan role may only write the state lock file and use the state keys."
  }
  assert {
    condition     = length(output.posture.jenkins.plan.jsonencoded_inline_policies) == 1 && length(output.posture.jenkins.plan.jsonencoded_inline_policies[0].Statement) == 2 && length(output.posture.jenkins.agent.managed_policies) == 0
    error_message = "The plan role has exactly its state policy (the lock file and the state keys: the rule above holds for each of its statements, so it must have them); the agent role no managed policy."
  }
}

# Issue 16, defect 8: Argo CD reaches every cluster the GitOps-bridge way. Its cluster Secret is made
# from these outputs (scripts/ci/argocd-cluster-secret.py), not typed by hand, and the hub's controller
# role is cluster admin through an access entry in every cluster, the hub's own included.
run "argocd_reaches_every_cluster_through_outputs_and_an_access_entry" {
  command = apply
  assert {
    condition     = output.argocd_cluster.name == "nura-${var.environment}" && output.argocd_cluster.server == module.platform.cluster_endpoint
    error_message = "The cluster Secret is named as the ApplicationSets' destination (nura-<env>) and points at the cluster's API endpoint."
  }
  assert {
    condition = output.argocd_cluster.config == {
      awsAuthConfig   = { clusterName = "nura-${var.environment}" }
      tlsClientConfig = { insecure = false, caData = "bW9jaw==" }
    }
    error_message = "Argo CD authenticates with its IAM role (awsAuthConfig, no token in the Secret) and verifies the API server with the cluster's CA."
  }
  assert {
    condition     = output.argocd_cluster.annotations.argocd_hub_role_arn == "arn:aws:iam::123456789012:role/nura-prod-argocd-hub"
    error_message = "Every environment names the hub's (prod) Argo CD role."
  }
  assert {
    condition     = module.platform.posture.eks.access_policies["arn:aws:iam::123456789012:role/nura-prod-argocd-hub"] == ["arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"]
    error_message = "The hub's Argo CD role has an access entry with cluster admin in this cluster."
  }
  # Add-on values come from the same apply: every IRSA role ARN, the VPC, the account and region.
  assert {
    condition = alltrue([for k, arn in merge(module.platform.irsa_role_arns, module.platform.addon_role_arns) : output.argocd_cluster.annotations["${replace(k, "-", "_")}_role_arn"] == arn]) && (
      output.argocd_cluster.annotations.aws_vpc_id == module.platform.vpc_id
      && output.argocd_cluster.annotations.aws_account_id == "123456789012"
      && output.argocd_cluster.annotations.aws_region == "eu-west-1"
    )
    error_message = "The cluster Secret's annotations carry the add-on values (IRSA role ARNs, VPC, account, region) from this apply."
  }
  assert {
    condition     = toset([for k, v in output.argocd_cluster.labels : k if v == "true"]) == toset(concat([for k in keys(module.platform.addon_role_arns) : "enable_${replace(k, "-", "_")}"], var.hosts_ci ? ["enable_jenkins_backup"] : []))
    error_message = "The cluster generators' enable_<add-on> labels are set exactly for the add-ons whose IRSA role this apply created (and the Jenkins backup where Jenkins runs)."
  }
  assert {
    condition = var.hosts_ci ? (
      output.argocd_cluster.annotations.jenkins_backup_bucket == module.platform.jenkins_backup_bucket
      && startswith(output.argocd_cluster.annotations.jenkins_backup_role_arn, "arn:aws:iam::123456789012:role/")
    ) : !contains(keys(output.argocd_cluster.annotations), "jenkins_backup_bucket")
    error_message = "Where Jenkins runs, the cluster Secret carries the backup bucket and role the CronJob is patched with; elsewhere neither."
  }
}

run "the_hub_creates_the_argocd_role_trusting_only_its_controller_and_server" {
  command = apply
  variables {
    argocd_hub_environment = var.environment
  }
  assert {
    condition     = module.platform.posture.eks.access_policies["arn:aws:iam::123456789012:role/nura-prod-argocd-hub"] == ["arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"] && output.argocd_cluster.annotations.argocd_hub_role_arn == "arn:aws:iam::123456789012:role/nura-prod-argocd-hub"
    error_message = "In the hub the access entry and the cluster Secret name the role this state creates (its ARN from the resource, so the entry is created after the role)."
  }
  assert {
    condition     = module.platform.argocd_hub_service_accounts == tolist(["system:serviceaccount:argocd:argocd-application-controller", "system:serviceaccount:argocd:argocd-server"])
    error_message = "The hub role trusts Argo CD's application controller and server, nothing else."
  }
}

run "no_access_entry_in_the_sandbox" {
  command = apply
  variables {
    enable_eks_access_entries = false
  }
  assert {
    condition     = module.platform.posture.eks.access_policies == {}
    error_message = "moto has no access entries: none is managed with the sandbox switch off."
  }
}
