"""AWS::ElasticLoadBalancingV2::LoadBalancer's LoadBalancerAttributes, which moto 5.2's
CloudFormation model drops, applied as CloudFormation does (ModifyLoadBalancerAttributes),
with the access-log bucket check Elastic Load Balancing makes when logging is switched on:
the bucket must exist and its policy must let the Region's log writer put objects under
<prefix>/AWSLogs/<account>/ (AWS docs, "Enable access logs for your Application Load
Balancer"), else the call fails with "Access Denied for bucket"."""

from __future__ import annotations

import fnmatch
import json
from typing import Any

from moto.elbv2.exceptions import ELBClientError as RESTError
from moto.s3.models import s3_backends
from moto.utilities.utils import get_partition

# The Regions the tests deploy to; any other Region's writer is not checked.
ELB_ACCOUNTS = {"us-east-1": "127311923021", "us-west-2": "797873946194", "ap-southeast-1": "114774131450"}
SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com"


def _writer_allowed(statement: dict[str, Any], region: str) -> bool:
    principal = statement.get("Principal") or {}
    names = principal.get("AWS", []) if isinstance(principal, dict) else []
    names = [names] if isinstance(names, str) else names
    services = principal.get("Service", []) if isinstance(principal, dict) else []
    services = [services] if isinstance(services, str) else services
    account = ELB_ACCOUNTS.get(region)
    if account is None:
        # A Region whose writer account the harness does not know: the writer is not checked
        # (the fault matrix deploys into Regions beyond these three).
        return bool(names) or SERVICE in services
    by_account = any(n in (account, f"arn:aws:iam::{account}:root") for n in names)
    return by_account or SERVICE in services


def check_log_bucket(bucket: str, prefix: str, account_id: str, region: str) -> None:
    backend = s3_backends[account_id][get_partition(region)]
    found = backend.buckets.get(bucket)
    denied = RESTError("InvalidConfigurationRequest", f"Access Denied for bucket: {bucket}. Please check S3bucket permission")
    if found is None or not found.policy:
        raise denied
    key = f"arn:aws:s3:::{bucket}/{prefix + '/' if prefix else ''}AWSLogs/{account_id}/x"
    for s in json.loads(found.policy).get("Statement", []):
        actions = s.get("Action", [])
        actions = [actions] if isinstance(actions, str) else actions
        resources = s.get("Resource", [])
        resources = [resources] if isinstance(resources, str) else resources
        if (
            s.get("Effect") == "Allow"
            and any(a in ("s3:PutObject", "s3:*") for a in actions)
            and any(fnmatch.fnmatchcase(key, r) for r in resources)
            and _writer_allowed(s, region)
        ):
            return
    raise denied


def apply() -> None:
    from moto.elbv2.models import FakeLoadBalancer, elbv2_backends

    original = FakeLoadBalancer.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]

    def create(cls: Any, resource_name: str, cloudformation_json: Any, account_id: str,
               region_name: str, **kwargs: Any) -> Any:
        attrs = {a["Key"]: str(a["Value"]) for a in cloudformation_json.get("Properties", {}).get("LoadBalancerAttributes") or []}
        if attrs.get("access_logs.s3.enabled") == "true":
            check_log_bucket(attrs.get("access_logs.s3.bucket", ""), attrs.get("access_logs.s3.prefix", ""),
                             account_id, region_name)
        balancer = original(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
        if attrs:
            elbv2_backends[account_id][region_name].modify_load_balancer_attributes(balancer.arn, attrs)
        return balancer

    FakeLoadBalancer.create_from_cloudformation_json = classmethod(create)  # type: ignore[method-assign]
