"""scripts/dr/restore-postgres.py against moto's RDS server (real HTTP, boto3 as in production).

What moto can prove: the request the script sends (the source's placement and protection copied, never weaker),
that it waits for the new instance and reports endpoint and time against the 15-minute target, that it never
overwrites an existing instance and refuses a replica restore without its network. What it cannot: moto restores
"to a point in time" by copying the instance (no WAL, no real restore time), and has no cross-region automated
backups replication, so the --from-replica path is only exercised up to "no replicated backups". Only a real
account proves the restore duration, the replicated backups' restore window and the data itself.
"""

import json
import os
import subprocess
import sys

import boto3
import pytest
from moto.server import ThreadedMotoServer

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "dr" / "restore-postgres.py"


@pytest.fixture(scope="module")
def moto_env():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    env = {**os.environ, "AWS_ENDPOINT_URL": f"http://{host}:{port}", "AWS_ACCESS_KEY_ID": "test",
           "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "eu-west-1"}
    for k in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        env.pop(k, None)
    yield env
    server.stop()


def clients(env, region="eu-west-1"):
    kw = dict(region_name=region, endpoint_url=env["AWS_ENDPOINT_URL"], aws_access_key_id="test", aws_secret_access_key="test")
    return boto3.client("rds", **kw), boto3.client("ec2", **kw)


@pytest.fixture(scope="module")
def source(moto_env):
    rds, ec2 = clients(moto_env)
    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.30.{i}.0/24", AvailabilityZone=f"eu-west-1{z}")["Subnet"]["SubnetId"]
               for i, z in enumerate("ab")]
    sg = ec2.create_security_group(GroupName="nura-prod-postgres", Description="pg", VpcId=vpc)["GroupId"]
    rds.create_db_subnet_group(DBSubnetGroupName="nura-prod", DBSubnetGroupDescription="db", SubnetIds=subnets)
    rds.create_db_parameter_group(DBParameterGroupName="nura-prod-pg16", DBParameterGroupFamily="postgres16", Description="pg")
    rds.create_db_instance(
        DBInstanceIdentifier="nura-prod", Engine="postgres", EngineVersion="16.4", DBInstanceClass="db.t3.medium",
        AllocatedStorage=50, MasterUsername="nura", ManageMasterUserPassword=True, DBSubnetGroupName="nura-prod",
        VpcSecurityGroupIds=[sg], DBParameterGroupName="nura-prod-pg16", MultiAZ=True, DeletionProtection=True,
        StorageEncrypted=True, BackupRetentionPeriod=30, PubliclyAccessible=False,
        Tags=[{"Key": "Environment", "Value": "prod"}])
    return {"sg": sg}


def run(env, *args):
    return subprocess.run([sys.executable, str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=120)


def test_restores_a_new_instance_with_the_sources_placement_and_protection(moto_env, source):
    out = run(moto_env, "prod", "--target-id", "nura-prod-restored-test", "--poll", "0.2")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["source"] == "nura-prod" and report["target"] == "nura-prod-restored-test"
    assert report["endpoint"] and report["port"] == 5432 and report["within_target"] is True
    rds, _ = clients(moto_env)
    (db,) = rds.describe_db_instances(DBInstanceIdentifier="nura-prod-restored-test")["DBInstances"]
    assert db["DBSubnetGroup"]["DBSubnetGroupName"] == "nura-prod"
    assert [g["VpcSecurityGroupId"] for g in db["VpcSecurityGroups"]] == [source["sg"]]
    assert [g["DBParameterGroupName"] for g in db["DBParameterGroups"]] == ["nura-prod-pg16"]
    assert db["DeletionProtection"] is True and db["PubliclyAccessible"] is False and db["MultiAZ"] is True
    tags = {t["Key"]: t["Value"] for t in rds.list_tags_for_resource(ResourceName=db["DBInstanceArn"])["TagList"]}
    assert tags["RestoredFrom"] == "nura-prod" and tags["Environment"] == "prod"
    # The source is untouched.
    (src,) = rds.describe_db_instances(DBInstanceIdentifier="nura-prod")["DBInstances"]
    assert src["DBInstanceStatus"] == "available"


def test_never_overwrites_an_existing_instance(moto_env, source):
    run(moto_env, "prod", "--target-id", "nura-prod-restored-twice", "--poll", "0.2")
    again = run(moto_env, "prod", "--target-id", "nura-prod-restored-twice", "--poll", "0.2")
    assert again.returncode != 0 and "already exists" in again.stderr


def test_a_replica_region_restore_needs_its_network_and_its_backups(moto_env, source):
    usage = run(moto_env, "prod", "--from-replica", "eu-central-1")
    assert usage.returncode == 2 and "--subnet-group" in usage.stderr
    # moto replicates no automated backups: the script stops before restoring anything.
    none = run(moto_env, "prod", "--from-replica", "eu-central-1", "--subnet-group", "nura-prod-dr", "--security-group", "sg-1")
    assert none.returncode != 0 and "no automated backups of nura-prod replicated to eu-central-1" in none.stderr
    rds, _ = clients(moto_env, "eu-central-1")
    assert rds.describe_db_instances()["DBInstances"] == []


def test_an_unknown_environment_is_refused(moto_env):
    out = run(moto_env, "qa")
    assert out.returncode == 2 and "invalid choice" in out.stderr
