"""AWS::S3::Bucket properties moto 5.2.1 drops.

moto/s3/models.py FakeBucket.create_from_cloudformation_json applies BucketEncryption and
Tags only: VersioningConfiguration, LifecycleConfiguration, PublicAccessBlockConfiguration,
OwnershipControls and ReplicationConfiguration are silently ignored, so the media stack's
bucket came out unversioned, without a lifecycle and public-access block. Here they are
applied through moto's own S3 backend after its model created the bucket, converted from
CloudFormation's shapes to the S3 API's (as moto's XML parser would hand them over).
"""

from __future__ import annotations

from typing import Any

from moto.s3.models import FakeBucket, s3_backends
from moto.utilities.utils import get_partition


def _lifecycle_rule(rule: dict[str, Any]) -> dict[str, Any]:
    converted: dict[str, Any] = {"ID": rule.get("Id"), "Status": rule.get("Status", "Enabled")}
    converted["Filter"] = {"Prefix": rule.get("Prefix", "")}
    transitions = list(rule.get("Transitions") or [])
    if rule.get("Transition"):
        transitions.append(rule["Transition"])
    if transitions:
        converted["Transition"] = [
            {"StorageClass": t["StorageClass"], "Days": int(t["TransitionInDays"])} for t in transitions
        ]
    noncurrent = list(rule.get("NoncurrentVersionTransitions") or [])
    if rule.get("NoncurrentVersionTransition"):
        noncurrent.append(rule["NoncurrentVersionTransition"])
    if noncurrent:
        converted["NoncurrentVersionTransition"] = [
            {"StorageClass": t["StorageClass"], "NoncurrentDays": int(t["TransitionInDays"])} for t in noncurrent
        ]
    if rule.get("NoncurrentVersionExpiration"):
        converted["NoncurrentVersionExpiration"] = {
            "NoncurrentDays": int(rule["NoncurrentVersionExpiration"]["NoncurrentDays"])
        }
    elif rule.get("NoncurrentVersionExpirationInDays"):
        converted["NoncurrentVersionExpiration"] = {"NoncurrentDays": int(rule["NoncurrentVersionExpirationInDays"])}
    if rule.get("ExpirationInDays"):
        converted["Expiration"] = {"Days": int(rule["ExpirationInDays"])}
    if rule.get("AbortIncompleteMultipartUpload"):
        converted["AbortIncompleteMultipartUpload"] = {
            "DaysAfterInitiation": int(rule["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"])
        }
    return converted


def _replication(config: dict[str, Any]) -> dict[str, Any]:
    rules = []
    for rule in config.get("Rules") or []:
        converted = {k: v for k, v in rule.items() if k != "Id"}
        if rule.get("Id"):
            converted["ID"] = rule["Id"]
        rules.append(converted)
    return {"Role": config.get("Role"), "Rule": rules}


def apply() -> None:
    original = FakeBucket.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]

    def create(cls: Any, resource_name: str, cloudformation_json: Any, account_id: str,
               region_name: str, **kwargs: Any) -> Any:
        bucket = original(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
        props = cloudformation_json.get("Properties") or {}
        backend = s3_backends[account_id][get_partition(region_name)]
        name = bucket.name
        if props.get("VersioningConfiguration"):
            backend.put_bucket_versioning(name, props["VersioningConfiguration"]["Status"])
        if props.get("LifecycleConfiguration"):
            rules = props["LifecycleConfiguration"].get("Rules") or []
            backend.put_bucket_lifecycle(name, [_lifecycle_rule(r) for r in rules])
        if props.get("PublicAccessBlockConfiguration"):
            block = {k: str(v).lower() for k, v in props["PublicAccessBlockConfiguration"].items()}
            backend.put_public_access_block(name, block)
        rules = (props.get("OwnershipControls") or {}).get("Rules") or []
        if rules:
            backend.put_bucket_ownership_controls(name, rules[0]["ObjectOwnership"])
        if props.get("ReplicationConfiguration"):
            backend.put_bucket_replication(name, _replication(props["ReplicationConfiguration"]))
        return bucket

    FakeBucket.create_from_cloudformation_json = classmethod(create)  # type: ignore[method-assign]
