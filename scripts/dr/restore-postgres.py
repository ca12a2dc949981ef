#!/usr/bin/env python3
"""Restore an environment's PostgreSQL (RDS) to a new instance: the database step of the DR runbook
(infra/README.md, "Disaster recovery"), timed against the story's 15-minute recovery target.

Usage:
  restore-postgres.py <env> [--restore-time ISO8601] [--from-replica REGION] [--target-id ID] [--timeout S]

  default          point-in-time restore of nura-<env> from its own automated backups, in its own region
                   (data loss or corruption: restore to just before it)
  --from-replica R the primary region is gone: restore in region R from the automated backups
                   infra/modules/disaster-recovery replicates there (prod: eu-central-1)

It copies the source instance's placement and protection (subnet group, security groups, parameter group,
class, Multi-AZ, deletion protection, Performance Insights, IAM auth), restores to the latest restorable time
unless --restore-time is given, waits until the new instance is available and prints one JSON line: the new
endpoint, the restored-to time and the seconds it took. It never touches the source instance, and refuses a
target identifier that already exists. Switching the workloads over is the runbook's next step (the
endpoint goes into helm/nura-core/values-<env>.yaml externalDatabase.host through the GitOps repository).

Replica-region restores need the subnet group and security groups to exist in that region (--subnet-group,
--security-group); with the region gone there is no source instance to copy them from.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime, timezone

import boto3

TARGET_SECONDS = 15 * 60  # the story's "backup recovery < 15 min"


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("env", choices=["dev", "staging", "prod"])
    p.add_argument("--restore-time", help="ISO 8601 UTC time to restore to (default: latest restorable)")
    p.add_argument("--from-replica", metavar="REGION", help="restore in REGION from the replicated automated backups")
    p.add_argument("--region", default="eu-west-1", help="the environment's primary region")
    p.add_argument("--target-id", help="new instance identifier (default nura-<env>-restored-<UTC timestamp>)")
    p.add_argument("--subnet-group", help="DB subnet group in the replica region (with --from-replica)")
    p.add_argument("--security-group", action="append", default=[], help="VPC security group in the replica region")
    p.add_argument("--timeout", type=int, default=3600, help="seconds to wait for the instance to be available")
    p.add_argument("--poll", type=float, default=15.0, help="seconds between status checks")
    a = p.parse_args(argv)
    if a.from_replica and not a.subnet_group:
        p.error("--from-replica needs --subnet-group (and --security-group) of the replica region")
    return a


def restore_kwargs(source: dict, args: argparse.Namespace, target: str) -> dict:
    """The RestoreDBInstanceToPointInTime request: the source's placement and protection, never weaker."""
    kw = {
        "TargetDBInstanceIdentifier": target,
        "DBInstanceClass": source["DBInstanceClass"],
        "MultiAZ": source.get("MultiAZ", False),
        "PubliclyAccessible": False,
        "DeletionProtection": True,
        "CopyTagsToSnapshot": True,
        "EnableIAMDatabaseAuthentication": source.get("IAMDatabaseAuthenticationEnabled", False),
        "Tags": [{"Key": "RestoredFrom", "Value": source["DBInstanceIdentifier"]},
                 *[t for t in source.get("TagList", []) if not t["Key"].startswith("aws:")]],
    }
    if args.from_replica:
        kw["DBSubnetGroupName"] = args.subnet_group
        kw["VpcSecurityGroupIds"] = args.security_group
    else:
        kw["DBSubnetGroupName"] = source["DBSubnetGroup"]["DBSubnetGroupName"]
        kw["VpcSecurityGroupIds"] = [g["VpcSecurityGroupId"] for g in source.get("VpcSecurityGroups", [])]
        groups = [g["DBParameterGroupName"] for g in source.get("DBParameterGroups", [])]
        if groups:
            kw["DBParameterGroupName"] = groups[0]
    if source.get("PerformanceInsightsEnabled"):
        kw["EnablePerformanceInsights"] = True
        kw["PerformanceInsightsKMSKeyId"] = source["PerformanceInsightsKMSKeyId"]
    if args.restore_time:
        kw["RestoreTime"] = datetime.fromisoformat(args.restore_time.replace("Z", "+00:00")).astimezone(timezone.utc)
    else:
        kw["UseLatestRestorableTime"] = True
    return kw


def wait_available(rds, target: str, timeout: int, poll: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        (db,) = rds.describe_db_instances(DBInstanceIdentifier=target)["DBInstances"]
        if db["DBInstanceStatus"] == "available":
            return db
        if db["DBInstanceStatus"] in ("failed", "incompatible-restore", "incompatible-parameters", "storage-full"):
            raise SystemExit(f"{target}: restore ended in status {db['DBInstanceStatus']}")
        if time.monotonic() > deadline:
            raise SystemExit(f"{target}: not available after {timeout} s (status {db['DBInstanceStatus']})")
        time.sleep(poll)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    source_id = f"nura-{args.env}"
    target = args.target_id or f"{source_id}-restored-{datetime.now(timezone.utc):%Y%m%d%H%M%S}"
    started = time.monotonic()
    primary = boto3.client("rds", region_name=args.region)
    rds = boto3.client("rds", region_name=args.from_replica) if args.from_replica else primary

    if rds.describe_db_instances(Filters=[{"Name": "db-instance-id", "Values": [target]}])["DBInstances"]:
        raise SystemExit(f"{target} already exists: choose another --target-id (a restore never overwrites)")

    if args.from_replica:
        # The replicated backups in the replica region (their source may be unreachable).
        backups = rds.describe_db_instance_automated_backups(DBInstanceIdentifier=source_id)["DBInstanceAutomatedBackups"]
        if not backups:
            raise SystemExit(f"no automated backups of {source_id} replicated to {args.from_replica}")
        (backup,) = backups
        source = {"DBInstanceIdentifier": source_id, "DBInstanceClass": backup.get("DBInstanceClass", "db.t3.medium"),
                  "MultiAZ": backup.get("MultiAZ", False), "IAMDatabaseAuthenticationEnabled": backup.get("IAMDatabaseAuthenticationEnabled", False)}
        kw = restore_kwargs(source, args, target)
        kw["SourceDBInstanceAutomatedBackupsArn"] = backup["DBInstanceAutomatedBackupsArn"]
    else:
        (source,) = primary.describe_db_instances(DBInstanceIdentifier=source_id)["DBInstances"]
        kw = restore_kwargs(source, args, target)
        kw["SourceDBInstanceIdentifier"] = source_id

    rds.restore_db_instance_to_point_in_time(**kw)
    db = wait_available(rds, target, args.timeout, args.poll)
    seconds = round(time.monotonic() - started, 1)
    print(json.dumps({
        "source": source_id,
        "target": target,
        "region": args.from_replica or args.region,
        "endpoint": db["Endpoint"]["Address"],
        "port": db["Endpoint"]["Port"],
        "restored_to": args.restore_time or "latest restorable time",
        "seconds": seconds,
        "within_target": seconds <= TARGET_SECONDS,
    }))
    return 0 if seconds <= TARGET_SECONDS else 3


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
