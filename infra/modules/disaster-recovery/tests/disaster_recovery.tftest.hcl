# What an environment can recover from (tests/infra/run-all.sh tofu-test runs every module's tests/).
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
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:eu-central-1:123456789012:key/00000000-0000-0000-0000-000000000000" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::nura-dev-jenkins-backup-123456789012" }
  }
}

variables {
  name              = "nura-prod"
  rds_instance_arn  = "arn:aws:rds:eu-west-1:123456789012:db:nura-prod"
  oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/MOCK"
  oidc_provider_url = "oidc.eks.eu-west-1.amazonaws.com/id/MOCK"
}

run "rds_backups_replicated_to_the_replica_region" {
  command = apply
  variables {
    rds_backup_replica_region = "eu-central-1"
  }
  assert {
    condition     = output.posture.rds_backup_replica_region == "eu-central-1" && output.posture.rds_backup_replica_key_region == "eu-central-1"
    error_message = "The replicated backups and their KMS key live in the replica region."
  }
  assert {
    condition     = aws_db_instance_automated_backups_replication.this[0].region == "eu-central-1" && aws_db_instance_automated_backups_replication.this[0].source_db_instance_arn == var.rds_instance_arn
    error_message = "The replication is created in the replica region from the environment's instance."
  }
  assert {
    condition     = output.posture.jenkins_backup_bucket == null
    error_message = "No Jenkins backup where Jenkins does not run."
  }
}

run "jenkins_backup_off_its_volume_with_its_own_role" {
  command = apply
  variables {
    name           = "nura-dev"
    jenkins_backup = true
  }
  assert {
    condition     = output.posture.rds_backup_replica_region == null && length(aws_db_instance_automated_backups_replication.this) == 0
    error_message = "No replication unless a replica region is set."
  }
  assert {
    condition = output.posture.jenkins_backup_trust.Statement == [{
      Sid       = "ServiceAccount"
      Effect    = "Allow"
      Principal = { Federated = var.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "oidc.eks.eu-west-1.amazonaws.com/id/MOCK:sub" = "system:serviceaccount:jenkins:jenkins-backup"
          "oidc.eks.eu-west-1.amazonaws.com/id/MOCK:aud" = "sts.amazonaws.com"
        }
      }
    }]
    error_message = "The backup role trusts exactly the jenkins-backup service account with the STS audience."
  }
  assert {
    condition = alltrue([for s in jsondecode(aws_iam_role_policy.jenkins_backup[0].policy).Statement :
      alltrue([for a in s.Action : !contains(["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutBucketPolicy", "s3:PutLifecycleConfiguration"], a)])
    ])
    error_message = "The backup job can write and read backups but never delete them or change the bucket."
  }
  assert {
    condition     = aws_s3_bucket_versioning.jenkins_backup[0].versioning_configuration[0].status == "Enabled" && one(aws_s3_bucket_server_side_encryption_configuration.jenkins_backup[0].rule).apply_server_side_encryption_by_default[0].sse_algorithm == "aws:kms"
    error_message = "Backups are versioned and KMS-encrypted."
  }
}
