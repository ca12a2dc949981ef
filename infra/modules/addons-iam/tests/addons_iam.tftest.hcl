# The add-on roles' trust and least privilege (tests/infra/run-all.sh tofu-test runs every module's tests/).
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
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/mock" }
  }
}

variables {
  name                 = "nura-prod"
  cluster_name         = "nura-prod"
  oidc_provider_arn    = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/MOCK"
  oidc_provider_url    = "oidc.eks.eu-west-1.amazonaws.com/id/MOCK"
  dns_zone_id          = "Z0123456789ABCDEFGHIJ"
  secret_arn_patterns  = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:nura/prod/*"]
  secrets_kms_key_arns = ["arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"]
}

run "each_addon_role_trusts_exactly_its_service_account" {
  command = apply
  assert {
    condition     = toset(keys(output.posture)) == toset(["cluster-autoscaler", "cert-manager", "external-dns", "external-secrets", "adot-collector"])
    error_message = "One role per add-on that calls AWS."
  }
  # One statement; StringEquals on sub (the service account the add-on's values create) and aud; nothing else.
  assert {
    condition = alltrue([for addon, sa in {
      cluster-autoscaler = "system:serviceaccount:kube-system:cluster-autoscaler"
      cert-manager       = "system:serviceaccount:cert-manager:cert-manager"
      external-dns       = "system:serviceaccount:external-dns:external-dns"
      external-secrets   = "system:serviceaccount:external-secrets:external-secrets"
      adot-collector     = "system:serviceaccount:opentelemetry:adot-collector"
      } : (
      length(output.posture[addon].trust_policy.Statement) == 1
      && output.posture[addon].trust_policy.Statement[0].Effect == "Allow"
      && output.posture[addon].trust_policy.Statement[0].Action == "sts:AssumeRoleWithWebIdentity"
      && output.posture[addon].trust_policy.Statement[0].Principal == { Federated = var.oidc_provider_arn }
      && output.posture[addon].trust_policy.Statement[0].Condition == {
        StringEquals = {
          "oidc.eks.eu-west-1.amazonaws.com/id/MOCK:sub" = sa
          "oidc.eks.eu-west-1.amazonaws.com/id/MOCK:aud" = "sts.amazonaws.com"
        }
      }
      && output.posture[addon].service_account == sa
      && output.posture[addon].role_name == "nura-prod-${addon}"
    )])
    error_message = "Each add-on role must trust exactly its service account (sub) with the sts.amazonaws.com audience (aud)."
  }
}

run "writes_are_limited_to_this_environment" {
  command = apply
  # Every statement on "*" is a read/discovery call or X-Ray's trace writes (no resource-level permissions).
  assert {
    condition = alltrue(flatten([for addon, p in output.posture : [for s in p.policy.Statement :
      s.Effect == "Allow" && (!contains(s.Resource, "*") || alltrue([for a in s.Action :
        can(regex("^(autoscaling|ec2|route53):(Describe|Get|List)", a)) || startswith(a, "xray:")
      ]))
    ]]))
    error_message = "Only discovery calls (and X-Ray) may use Resource \"*\"."
  }
  assert {
    condition = one([for s in output.posture["cluster-autoscaler"].policy.Statement : s.Condition if contains(s.Action, "autoscaling:SetDesiredCapacity")]) == {
      StringEquals = { "aws:ResourceTag/k8s.io/cluster-autoscaler/nura-prod" = "owned" }
    }
    error_message = "Cluster Autoscaler may only scale the Auto Scaling groups EKS tagged as this cluster's."
  }
  assert {
    condition = one([for s in output.posture["cert-manager"].policy.Statement : s if contains(s.Action, "route53:ChangeResourceRecordSets")]) == {
      Sid      = "AcmeChallengeRecordsOnly"
      Effect   = "Allow"
      Action   = ["route53:ChangeResourceRecordSets"]
      Resource = ["arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"]
      Condition = {
        "ForAllValues:StringEquals" = { "route53:ChangeResourceRecordSetsRecordTypes" = ["TXT"] }
        "ForAllValues:StringLike"   = { "route53:ChangeResourceRecordSetsNormalizedRecordNames" = ["_acme-challenge.*"] }
      }
    }
    error_message = "cert-manager may only write _acme-challenge TXT records of the environment's zone."
  }
  assert {
    condition     = one([for s in output.posture["external-dns"].policy.Statement : s.Resource if contains(s.Action, "route53:ChangeResourceRecordSets")]) == ["arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"]
    error_message = "external-dns may only change the environment's zone."
  }
  assert {
    condition = (
      one([for s in output.posture["external-secrets"].policy.Statement : s.Resource if contains(s.Action, "secretsmanager:GetSecretValue")]) == var.secret_arn_patterns
      && one([for s in output.posture["external-secrets"].policy.Statement : s.Condition if contains(s.Action, "kms:Decrypt")]) == { StringEquals = { "kms:ViaService" = "secretsmanager.eu-west-1.amazonaws.com" } }
      && alltrue([for s in output.posture["external-secrets"].policy.Statement : alltrue([for a in s.Action : !can(regex("^secretsmanager:(Put|Create|Delete|Update)", a))])])
    )
    error_message = "External Secrets reads this environment's secrets only, decrypts only through Secrets Manager and writes nothing."
  }
}

run "no_dns_roles_without_a_zone" {
  command = apply
  variables {
    dns_zone_id = ""
  }
  assert {
    condition     = !contains(keys(output.posture), "cert-manager") && !contains(keys(output.posture), "external-dns")
    error_message = "Without a hosted zone, cert-manager and external-dns get no role (a hostedzone/ ARN without id would match nothing, or worse)."
  }
}

run "refuses_secret_access_to_everything" {
  command = plan
  variables {
    secret_arn_patterns = ["*"]
  }
  expect_failures = [var.secret_arn_patterns]
}
