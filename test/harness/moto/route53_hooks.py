"""Route 53 behaviour moto lacks, patched into moto's own Route 53 handlers.

- ChangeResourceRecordSets is validated against the zone's *current* record sets and
  applied all-or-nothing. moto 5.2.1 only rejects a CREATE identical to an earlier
  change in its journal, accepts a DELETE whose values match any earlier insert (even
  one since deleted), deletes by SetIdentifier across every name, and deletes every
  routing variant of a name+type when there is no SetIdentifier. drctl's Route 53 lock
  relies on CREATE-if-absent and DELETE-if-unchanged being atomic.
- Every change gets its own id; GetChange reports PENDING for a configurable time.
- Hosted zone ids start with Z, as AWS's do.
- TestDNSAnswer is answered from the record sets: an alias with its target's addresses
  (lb_dns.py), a weighted name with a variant drawn by weight on each query, failover and
  weighted variants following their health checks (health_checks.py).
- The control plane can be taken down (`configure(control_plane="down" | "timeout")`, applied
  in control.py): every Route 53 API call fails while the DNS server keeps answering.
"""

from __future__ import annotations

import copy
import os
import random
import threading
import time
import uuid
from typing import Any

from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.route53 import urls as route53_urls
from moto.route53.exceptions import InvalidInput, Route53ClientError
from moto.route53.models import RecordSet, Route53Backend
from moto.route53.responses import Route53

import health_checks
import lb_dns

_lock = threading.Lock()
_state: dict[str, Any] = {"pending_seconds": 0.0, "changes": {}, "control_plane": "up", "hang_seconds": 30.0,
                          "calls": 0}
CONTROL_PLANE_MODES = ("up", "down", "timeout")


def configure(pending_seconds: float | None = None, control_plane: str | None = None,
              hang_seconds: float | None = None) -> dict[str, Any]:
    with _lock:
        if pending_seconds is not None:
            _state["pending_seconds"] = max(0.0, float(pending_seconds))
        if control_plane is not None:
            if control_plane not in CONTROL_PLANE_MODES:
                raise ValueError(f"route53ControlPlane must be one of {', '.join(CONTROL_PLANE_MODES)}")
            _state["control_plane"] = control_plane
        if hang_seconds is not None:
            _state["hang_seconds"] = max(0.0, float(hang_seconds))
        return {"r53PendingSeconds": _state["pending_seconds"], "route53ControlPlane": _state["control_plane"],
                "route53HangSeconds": _state["hang_seconds"], "route53Calls": _state["calls"]}


def control_plane() -> tuple[str, float]:
    """Counts one Route 53 API call; answers ("up" | "down" | "timeout", seconds a timed-out
    call hangs before its 503)."""
    with _lock:
        _state["calls"] += 1
        return _state["control_plane"], _state["hang_seconds"]


def reset() -> None:
    with _lock:
        _state["changes"].clear()
        _state["pending_seconds"] = float(os.environ.get("DRCTL_EMULATOR_R53_PENDING_SECONDS", "0") or 0)
        _state["control_plane"] = os.environ.get("DRCTL_EMULATOR_R53_CONTROL_PLANE", "up") or "up"
        _state["hang_seconds"] = 30.0
        _state["calls"] = 0


def _record_change() -> dict[str, Any]:
    change_id = "C" + uuid.uuid4().hex[:13].upper()
    with _lock:
        _state["changes"][change_id] = {"at": time.monotonic(), "submitted": utcnow(),
                                        "pending": _state["pending_seconds"]}
    return _change_info(change_id)


def _change_info(change_id: str) -> dict[str, Any]:
    bare = change_id.split("/")[-1]
    with _lock:
        change = _state["changes"].get(bare)
    if change is None:
        return {"Id": f"/change/{bare}", "Status": "INSYNC", "SubmittedAt": utcnow()}
    elapsed = time.monotonic() - change["at"]
    status = "PENDING" if elapsed < change["pending"] else "INSYNC"
    return {"Id": f"/change/{bare}", "Status": status, "SubmittedAt": change["submitted"]}


def _fqdn(name: str) -> str:
    return name.lower().rstrip(".") + "."


def _key(rrset: dict[str, Any]) -> tuple[str, str, str | None]:
    return (_fqdn(rrset["Name"]), rrset["Type"], rrset.get("SetIdentifier"))


def _values(record: RecordSet | dict[str, Any]) -> dict[str, Any]:
    """The fields Route 53 compares when a DELETE must match the current record."""
    if isinstance(record, RecordSet):
        fields = {"TTL": record.ttl or None, "ResourceRecords": record.records, "Weight": record.weight,
                  "Region": record.region, "Failover": record.failover, "AliasTarget": record.alias_target,
                  "HealthCheckId": record.health_check_id, "GeoLocation": record.geo_location,
                  "MultiValueAnswer": record.multi_value_answer}
    else:
        records = [r["Value"] if isinstance(r, dict) else r for r in record.get("ResourceRecords") or []]
        fields = {**{k: record.get(k) for k in ("TTL", "Weight", "Region", "Failover", "AliasTarget",
                                                "HealthCheckId", "GeoLocation", "MultiValueAnswer")},
                  "ResourceRecords": records}
    alias = fields["AliasTarget"]
    if alias:
        fields["AliasTarget"] = {"HostedZoneId": alias.get("HostedZoneId"), "DNSName": _fqdn(alias["DNSName"]),
                                 "EvaluateTargetHealth": str(alias.get("EvaluateTargetHealth")).lower() == "true"}
    fields["TTL"] = int(fields["TTL"]) if fields["TTL"] not in (None, "", 0) else None
    fields["Weight"] = int(fields["Weight"]) if fields["Weight"] not in (None, "") else None
    fields["ResourceRecords"] = sorted(fields["ResourceRecords"] or [])
    fields["MultiValueAnswer"] = bool(fields["MultiValueAnswer"]) or None
    return fields


def _invalid(message: str) -> Route53ClientError:
    return Route53ClientError("InvalidChangeBatch", message)


def change_resource_record_sets(self: Route53Backend, zoneid: str, change_list: list[dict[str, Any]]) -> None:
    zone = self.get_hosted_zone(zoneid)
    with _lock:
        current = {_key({"Name": r.name, "Type": r.type, "SetIdentifier": r.set_identifier}): r
                   for r in zone.rrsets}
        planned: dict[tuple[str, str, str | None], Any] = dict(current)
        zone_suffix = "." + _fqdn(zone.name)
        for change in change_list:
            action, rrset = change["Action"], change["ResourceRecordSet"]
            key = _key(rrset)
            label = f"[name='{key[0]}', type='{key[1]}'" + (f", set-identifier='{key[2]}']" if key[2] else "]")
            if not ("." + key[0]).endswith(zone_suffix):
                raise _invalid(f"RRSet with DNS name {rrset['Name']} is not permitted in zone {zone.name}")
            if action == "CREATE":
                if key in planned:
                    raise _invalid(f"Tried to create resource record set {label} but it already exists")
                planned[key] = rrset
            elif action == "DELETE":
                if key not in planned:
                    raise _invalid(f"Tried to delete resource record set {label} but it was not found")
                if _values(planned[key]) != _values(rrset):
                    raise _invalid(f"Tried to delete resource record set {label} but the values provided "
                                   "do not match the current values")
                del planned[key]
            elif action == "UPSERT":
                planned[key] = rrset
            else:
                raise InvalidInput(f"Invalid action {action}")
        # Valid as a whole: rebuild the zone in one step, keeping moto's own record objects.
        rebuilt = []
        for key, value in planned.items():
            if isinstance(value, RecordSet):
                rebuilt.append(value)
                continue
            record = copy.deepcopy(value)
            record["Name"] = _fqdn(record["Name"])
            if "ResourceRecords" in record:
                record["ResourceRecords"] = [r["Value"] if isinstance(r, dict) else r
                                             for r in record["ResourceRecords"]]
            rebuilt.append(RecordSet(record))
        zone.rrsets = rebuilt
        for change in change_list:
            zone.rr_changes.append(copy.deepcopy(change))


def _choose(backend: Route53Backend, matches: list[RecordSet]) -> RecordSet:
    """One query's pick among the routing variants, as Route 53 makes it per query, with
    each variant's health check (health_checks.py); a variant without one is healthy
    (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html)."""
    def ok(record: RecordSet) -> bool:
        return health_checks.healthy(backend, record.health_check_id)

    primary = [r for r in matches if r.failover == "PRIMARY"]
    if primary:
        if ok(primary[0]):
            return primary[0]
        secondary = [r for r in matches if r.failover == "SECONDARY"]
        if secondary and ok(secondary[0]):
            return secondary[0]
        # Both unhealthy: Route 53 answers the primary (the page cited above).
        return primary[0]
    weighted = [r for r in matches if r.weight not in (None, "")]
    if weighted:
        # Unhealthy variants are left out unless every variant is unhealthy; then chosen at
        # random in proportion to the weights; all-zero weights share equally
        # (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-weighted.html).
        weighted = [r for r in weighted if ok(r)] or weighted
        weights = [int(r.weight) for r in weighted]
        if sum(weights) == 0:
            weights = [1] * len(weighted)
        return random.choices(weighted, weights=weights)[0]
    # Latency and geolocation depend on where the resolver is, which the emulator does not
    # model: the first healthy variant answers.
    return next((r for r in matches if ok(r)), matches[0])


def answer(backend: Route53Backend, zone_id: str, name: str, rtype: str, depth: int = 0) -> tuple[str, list[str]]:
    zone = backend.get_hosted_zone(zone_id)
    matches = [r for r in zone.rrsets if _fqdn(r.name) == _fqdn(name) and r.type == rtype]
    if not matches:
        # NXDOMAIN when the name has no records at all, NOERROR (empty) for another type.
        exists = any(_fqdn(r.name) == _fqdn(name) for r in zone.rrsets)
        return ("NOERROR" if exists else "NXDOMAIN"), []
    chosen = _choose(backend, matches)
    if not chosen.alias_target:
        return "NOERROR", list(chosen.records or [])
    # An alias answers what its target resolves to, never the target's name: what `dig`
    # shows (https://docs.aws.amazon.com/Route53/latest/APIReference/API_TestDNSAnswer.html).
    target = chosen.alias_target["DNSName"]
    found = lb_dns.addresses(target, rtype)
    if found is not None:
        return "NOERROR", found
    if ("." + _fqdn(target)).endswith("." + _fqdn(zone.name)) and depth < 8:
        return "NOERROR", answer(backend, zone_id, target, rtype, depth + 1)[1]
    # A target the emulator does not model (CloudFront, S3 website...): no addresses.
    return "NOERROR", []


def test_dns_answer(self: Route53) -> ActionResult:
    zone_id = self._get_param("HostedZoneId")
    name = self._get_param("RecordName")
    rtype = self._get_param("RecordType")
    code, records = answer(self.backend, zone_id, name, rtype)
    return ActionResult({
        "Nameserver": "ns-drctl-emulator.awsdns-00.com",
        "RecordName": name,
        "RecordType": rtype,
        "RecordData": records,
        "ResponseCode": code,
        "Protocol": "UDP",
    })


def _zone_ids_start_with_z() -> None:
    # AWS's hosted zone ids start with Z (e.g. Z1D633PJN98FT9,
    # https://docs.aws.amazon.com/Route53/latest/APIReference/API_CreateHostedZone.html);
    # moto 5.2.1 draws 22 random capitals and digits, so code that checks or strips the
    # prefix is never exercised.
    from moto.route53.models import HostedZoneIdentifier

    original = HostedZoneIdentifier.generate

    def generate(self: Any, existing_ids: Any = None, tags: Any = None) -> str:
        zone_id = original(self, existing_ids=existing_ids, tags=tags)
        return zone_id if zone_id.startswith("Z") else "Z" + zone_id[1:]

    HostedZoneIdentifier.generate = generate  # type: ignore[method-assign]


def apply() -> None:
    reset()
    _zone_ids_start_with_z()
    Route53Backend.change_resource_record_sets = change_resource_record_sets
    original_change = Route53.change_resource_record_sets

    def change_response(self: Route53) -> ActionResult:
        result = original_change(self)
        payload = dict(result.result)  # type: ignore[arg-type]
        payload["ChangeInfo"] = _record_change()
        return ActionResult(payload)

    def get_change(self: Route53) -> ActionResult:
        return ActionResult({"ChangeInfo": _change_info(self._get_param("Id"))})

    Route53.change_resource_record_sets = change_response
    Route53.get_change = get_change
    Route53.test_dns_answer = test_dns_answer
    route53_urls.url_paths[r"{0}/(?P<api_version>[\d_-]+)/testdnsanswer$"] = Route53.dispatch
