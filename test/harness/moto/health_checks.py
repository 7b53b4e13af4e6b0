"""Route 53 health checks that have a status, as Route 53's health checkers would report it.

moto 5.2.1 stores health checks but never evaluates them (GetHealthCheckStatus always
answers Success), its CloudFormation model drops RoutingControlArn, Inverted, Disabled and
EnableSNI, and record answers ignore health. Here a health check's status follows:
- RECOVERY_CONTROL: its ARC routing control, healthy when On (arc_cluster.py).
- HTTPS_STR_MATCH / HTTP_STR_MATCH on an S3 endpoint (virtual-hosted or path style): the
  object, healthy when it exists, the bucket's policy lets an anonymous caller (Route 53's
  health checkers) GetObject it, and SearchString is in its first 5,120 bytes. A Region
  marked unreachable (`set_s3_unreachable`) fails every check of a bucket there.
- CALCULATED: healthy when at least HealthThreshold children are healthy.
- Disabled: always healthy; Inverted: the opposite. Any other check is healthy (not modelled).
Status changes take effect at once (AWS: after RequestInterval x FailureThreshold).
"""

from __future__ import annotations

import fnmatch
import json
import re
import threading
from typing import Any

import arc_cluster

SEARCH_BYTES = 5120  # Route 53 searches the first 5,120 bytes of the response body
_lock = threading.Lock()
_unreachable_regions: set[str] = set()
_S3_HOST = re.compile(r"^(?:(?P<bucket>.+)\.)?s3[.-](?:(?P<region>[a-z0-9-]+)\.)?amazonaws\.com$")


def reset() -> None:
    with _lock:
        _unreachable_regions.clear()


def set_s3_unreachable(region: str, unreachable: bool) -> list[str]:
    with _lock:
        (_unreachable_regions.add if unreachable else _unreachable_regions.discard)(region)
        return sorted(_unreachable_regions)


def _s3_location(fqdn: str, path: str) -> tuple[str, str, str | None] | None:
    match = _S3_HOST.match((fqdn or "").lower().rstrip("."))
    if not match:
        return None
    region = match.group("region")
    if region == "dualstack":
        region = None
    path = (path or "/").lstrip("/")
    if match.group("bucket"):
        return match.group("bucket"), path, region
    bucket, _, key = path.partition("/")
    return bucket, key, region


def _statement_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _anonymous_can_get(policy: bytes | None, bucket: str, key: str) -> bool:
    """An Allow of s3:GetObject to Principal "*" on the object (conditions such as
    aws:SourceIp are taken as met: the emulator does not model the checkers' addresses)."""
    if not policy:
        return False
    try:
        document = json.loads(policy)
    except ValueError:
        return False
    resource = f"arn:aws:s3:::{bucket}/{key}"
    for statement in _statement_list(document.get("Statement") or []):
        principal = statement.get("Principal")
        anonymous = principal == "*" or (isinstance(principal, dict) and "*" in _statement_list(principal.get("AWS")))
        actions = [a.lower() for a in _statement_list(statement.get("Action") or [])]
        resources = _statement_list(statement.get("Resource") or [])
        if (statement.get("Effect") == "Allow" and anonymous
                and any(fnmatch.fnmatchcase("s3:getobject", a) for a in actions)
                and any(fnmatch.fnmatchcase(resource, r) for r in resources)):
            return True
    return False


def _s3_object_matches(location: tuple[str, str, str | None], search: str) -> bool:
    from moto.s3.models import s3_backends

    bucket_name, key, region = location
    for account in list(s3_backends.keys()):
        backend = s3_backends[account]["aws"]
        bucket = backend.buckets.get(bucket_name)
        if bucket is None:
            continue
        with _lock:
            if bucket.region_name in _unreachable_regions or (region and region in _unreachable_regions):
                return False
        if not _anonymous_can_get(bucket.policy, bucket_name, key):
            return False  # the checkers get 403
        found = bucket.keys.get(key)
        if found is None:
            return False
        return search.encode() in found.value[:SEARCH_BYTES]
    return False


def healthy(backend: Any, health_check_id: str | None, depth: int = 0) -> bool:
    """The status Route 53 would give the health check now; True without one."""
    if not health_check_id:
        return True
    check = backend.health_checks.get(health_check_id)
    if check is None or depth > 8:
        return True
    if check.disabled:
        return True  # "Route 53 considers the status of a disabled health check to always be healthy"
    kind = check.type_
    if kind == "RECOVERY_CONTROL":
        result = arc_cluster.control_state(getattr(check, "routing_control_arn", None) or "") == "On"
    elif kind in ("HTTPS_STR_MATCH", "HTTP_STR_MATCH") and _s3_location(check.fqdn, check.resource_path):
        result = _s3_object_matches(_s3_location(check.fqdn, check.resource_path),  # type: ignore[arg-type]
                                    check.search_string or "")
    elif kind == "CALCULATED":
        children = check.children or []
        threshold = int(check.health_threshold or 0)
        result = sum(healthy(backend, c, depth + 1) for c in children) >= threshold
    else:
        result = True
    return result != bool(check.inverted)


def apply() -> None:
    from moto.route53.models import HealthCheck
    from moto.route53.responses import Route53

    original = HealthCheck.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]

    def create(cls: Any, resource_name: str, cloudformation_json: Any, account_id: str,
               region_name: str, **kwargs: Any) -> Any:
        check = original(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
        config = cloudformation_json["Properties"]["HealthCheckConfig"]
        check.routing_control_arn = config.get("RoutingControlArn")
        check.inverted = str(config.get("Inverted")).lower() == "true"
        check.disabled = str(config.get("Disabled")).lower() == "true"
        check.enable_sni = str(config.get("EnableSNI")).lower() == "true"
        check.health_threshold = config.get("HealthThreshold")
        check.set_children(config.get("ChildHealthChecks") or [])
        return check

    HealthCheck.create_from_cloudformation_json = classmethod(create)  # type: ignore[method-assign]

    def delete(self: Any, account_id: str, region_name: str) -> None:
        # moto 5.2.1 leaves a deleted stack's health checks behind; AWS deletes them.
        from moto.route53.models import route53_backends
        from moto.utilities.utils import get_partition

        route53_backends[account_id][get_partition(region_name)].health_checks.pop(self.id, None)

    HealthCheck.delete = delete  # type: ignore[attr-defined]

    def get_health_check_status(self: Route53) -> Any:
        from moto.core.responses import ActionResult
        from moto.core.utils import utcnow

        health_check_id = self._get_param("HealthCheckId")
        self.backend.get_health_check(health_check_id)
        ok = healthy(self.backend, health_check_id)
        report = "Success: HTTP Status Code 200, OK" if ok else "Failure: the health checker found the endpoint unhealthy"
        return ActionResult({"HealthCheckObservations": [
            {"Region": "us-east-1", "IPAddress": "15.177.0.1",
             "StatusReport": {"Status": report, "CheckedTime": utcnow()}}]})

    Route53.get_health_check_status = get_health_check_status
