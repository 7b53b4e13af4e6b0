"""Route 53 Application Recovery Controller (ARC), the part drctl uses: routing controls
in control panels of a cluster, their safety rules, and the cluster's data plane.

moto 5.2 has no ARC. Here:
- The CloudFormation types AWS::Route53RecoveryControl::Cluster, ControlPanel,
  RoutingControl and SafetyRule (assertion rules; gating rules are stored, not enforced).
  A new routing control is Off, as in AWS.
- Five cluster endpoints, one HTTP server each on 127.0.0.1, speaking the
  route53-recovery-cluster protocol (awsJson1_0, X-Amz-Target `ToggleCustomerAPI.<Op>`):
  GetRoutingControlState, UpdateRoutingControlState, UpdateRoutingControlStates and
  ListRoutingControls. Every cluster is served by the same five endpoints (one set per
  emulator), named after the five Regions a cluster's endpoints are in.
- Each endpoint can be taken down: `reset` closes each connection unanswered (a Region
  that is gone), `unavailable` answers EndpointTemporarilyUnavailableException.
- UpdateRoutingControlStates is all or nothing: every assertion rule of the control panel
  must hold on the states the batch would leave, unless named in SafetyRulesToOverride.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.serving import make_server

from cfn_base import TypeSpec

# The Regions of a cluster's five endpoints (what DescribeCluster lists for a new cluster).
ENDPOINT_REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1", "ap-southeast-2"]
DOWN_MODES = ("reset", "unavailable")

_lock = threading.Lock()
_clusters: dict[str, dict[str, Any]] = {}
_panels: dict[str, dict[str, Any]] = {}
_controls: dict[str, dict[str, Any]] = {}
_rules: dict[str, dict[str, Any]] = {}
_servers: list[dict[str, Any]] = []  # {"region", "server", "port", "down": None | mode, "calls": n}


def reset() -> None:
    with _lock:
        for store in (_clusters, _panels, _controls, _rules):
            store.clear()
        for endpoint in _servers:
            endpoint["down"] = None
            endpoint["calls"] = 0


def _arn(account_id: str, resource: str) -> str:
    return f"arn:aws:route53-recovery-control::{account_id}:{resource}"


def endpoints() -> list[dict[str, Any]]:
    """The five endpoints as a cluster lists them, plus each one's switch and call count."""
    with _lock:
        return [{"Region": e["region"], "Endpoint": f"http://127.0.0.1:{e['port']}/v1", "port": e["port"],
                 "down": e["down"], "calls": e["calls"]} for e in _servers]


def set_down(index: int, down: bool, mode: str = "reset") -> list[dict[str, Any]]:
    if mode not in DOWN_MODES:
        raise ValueError(f"mode must be one of {', '.join(DOWN_MODES)}")
    with _lock:
        if not 0 <= index < len(_servers):
            raise ValueError(f"endpoint must be 0..{len(_servers) - 1}")
        _servers[index]["down"] = mode if down else None
    return endpoints()


def control_state(arn: str) -> str | None:
    """On / Off, or None when no routing control has that ARN (health checks read this)."""
    with _lock:
        control = _controls.get(arn)
        return control["state"] if control else None


def snapshot() -> dict[str, Any]:
    """Every routing control's state and every rule (for tests and /_drctl/arc)."""
    with _lock:
        return {
            "clusters": [{"ClusterArn": arn, "Name": c["name"]} for arn, c in _clusters.items()],
            "routingControls": [{"RoutingControlArn": arn, "Name": c["name"], "ControlPanelArn": c["panel"],
                                 "State": c["state"]} for arn, c in _controls.items()],
            "safetyRules": [{"SafetyRuleArn": arn, **r} for arn, r in _rules.items()],
        }


# CloudFormation -----------------------------------------------------------------------

def _create_cluster(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    arn = _arn(account_id, f"cluster/{uuid.uuid4()}")
    with _lock:
        _clusters[arn] = {"name": props.get("Name") or name}
    cluster_endpoints = [{"Endpoint": e["Endpoint"], "Region": e["Region"]} for e in endpoints()]
    return arn, {"ClusterArn": arn, "ClusterEndpoints": cluster_endpoints, "Status": "DEPLOYED"}


def _create_panel(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    cluster = props.get("ClusterArn")
    with _lock:
        if cluster not in _clusters:
            raise ValueError(f"no cluster {cluster}")
        arn = _arn(account_id, f"controlpanel/{uuid.uuid4().hex}")
        _panels[arn] = {"name": props.get("Name") or name, "cluster": cluster}
    return arn, {"ControlPanelArn": arn, "DefaultControlPanel": False, "RoutingControlCount": 0,
                 "Status": "DEPLOYED"}


def _create_control(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    panel = props.get("ControlPanelArn")
    with _lock:
        if panel not in _panels:
            raise ValueError(f"no control panel {panel}")
        arn = f"{panel}/routingcontrol/{uuid.uuid4().hex[:16]}"
        # "When you create a routing control, its state is Off" (ARC developer guide).
        _controls[arn] = {"name": props.get("Name") or name, "panel": panel, "state": "Off"}
    return arn, {"RoutingControlArn": arn, "Status": "DEPLOYED"}


def _create_rule(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    panel = props.get("ControlPanelArn")
    assertion = props.get("AssertionRule") or {}
    config = props.get("RuleConfig") or {}
    with _lock:
        if panel not in _panels:
            raise ValueError(f"no control panel {panel}")
        for control in assertion.get("AssertedControls") or []:
            if control not in _controls:
                raise ValueError(f"no routing control {control}")
        arn = f"{panel}/safetyrule/{uuid.uuid4().hex[:16]}"
        _rules[arn] = {"Name": props.get("Name") or name, "ControlPanelArn": panel,
                       "AssertedControls": list(assertion.get("AssertedControls") or []),
                       "Gating": bool(props.get("GatingRule")), "Type": config.get("Type"),
                       "Threshold": int(config.get("Threshold") or 0),
                       "Inverted": str(config.get("Inverted")).lower() == "true"}
    return arn, {"SafetyRuleArn": arn, "Status": "DEPLOYED"}


def _deleter(store: dict[str, dict[str, Any]]) -> Callable[[str, dict[str, Any], str, str], None]:
    def delete(physical_id: str, props: dict[str, Any], account_id: str, region_name: str) -> None:
        with _lock:
            store.pop(physical_id, None)
    return delete


SPECS = [
    TypeSpec("AWS::Route53RecoveryControl::Cluster", "route53", _create_cluster, _deleter(_clusters),
             attributes=("ClusterArn", "ClusterEndpoints", "Status")),
    TypeSpec("AWS::Route53RecoveryControl::ControlPanel", "route53", _create_panel, _deleter(_panels),
             attributes=("ControlPanelArn", "DefaultControlPanel", "RoutingControlCount", "Status")),
    TypeSpec("AWS::Route53RecoveryControl::RoutingControl", "route53", _create_control, _deleter(_controls),
             attributes=("RoutingControlArn", "Status")),
    TypeSpec("AWS::Route53RecoveryControl::SafetyRule", "route53", _create_rule, _deleter(_rules),
             attributes=("SafetyRuleArn", "Status")),
]


# Data plane ---------------------------------------------------------------------------

class ArcError(Exception):
    def __init__(self, code: str, message: str, status: int = 400, **extra: Any):
        super().__init__(message)
        self.code, self.status, self.extra = code, status, extra


def _not_found(arn: str) -> ArcError:
    return ArcError("ResourceNotFoundException", f"Routing control {arn} was not found",
                    resourceId=arn, resourceType="RoutingControl")


def _rule_holds(rule: dict[str, Any], states: dict[str, str]) -> bool:
    on = [states.get(c) == "On" for c in rule["AssertedControls"]]
    if rule["Type"] == "ATLEAST":
        holds = sum(on) >= rule["Threshold"]
    elif rule["Type"] == "AND":
        holds = all(on)
    else:  # OR
        holds = any(on)
    return holds != rule["Inverted"]


def _update(entries: list[dict[str, Any]], overrides: list[str]) -> None:
    with _lock:
        planned = {arn: c["state"] for arn, c in _controls.items()}
        for entry in entries:
            arn, state = entry.get("RoutingControlArn"), entry.get("RoutingControlState")
            if state not in ("On", "Off"):
                raise ArcError("ValidationException", f"RoutingControlState must be On or Off, not {state}",
                               reason="fieldValidationFailed")
            if arn not in _controls:
                raise _not_found(str(arn))
            planned[arn] = state
        changed = {e["RoutingControlArn"] for e in entries}
        for rule_arn, rule in _rules.items():
            if rule["Gating"] or rule_arn in overrides or not changed & set(rule["AssertedControls"]):
                continue
            if not _rule_holds(rule, planned):
                # AWS's documentation does not name the error a refused transaction gets; a
                # ValidationException (never retried) is the stricter reading.
                raise ArcError("ValidationException",
                               f"Cannot update routing control states: safety rule {rule['Name']} "
                               f"({rule['Type']} {rule['Threshold']}) would not be met", reason="other")
        for arn, state in planned.items():
            _controls[arn]["state"] = state


def _dispatch(operation: str, body: dict[str, Any]) -> dict[str, Any]:
    if operation == "GetRoutingControlState":
        arn = body.get("RoutingControlArn")
        with _lock:
            control = _controls.get(arn)
            if control is None:
                raise _not_found(str(arn))
            return {"RoutingControlArn": arn, "RoutingControlState": control["state"],
                    "RoutingControlName": control["name"]}
    if operation == "UpdateRoutingControlState":
        _update([body], list(body.get("SafetyRulesToOverride") or []))
        return {}
    if operation == "UpdateRoutingControlStates":
        _update(list(body.get("UpdateRoutingControlStateEntries") or []),
                list(body.get("SafetyRulesToOverride") or []))
        return {}
    if operation == "ListRoutingControls":
        panel = body.get("ControlPanelArn")
        with _lock:
            rows = [{"ControlPanelArn": c["panel"], "ControlPanelName": _panels.get(c["panel"], {}).get("name"),
                     "RoutingControlArn": arn, "RoutingControlName": c["name"],
                     "RoutingControlState": c["state"], "Owner": arn.split(":")[4]}
                    for arn, c in _controls.items() if panel in (None, c["panel"])]
        start = int(body.get("NextToken") or 0)
        size = int(body.get("MaxResults") or 500)
        page: dict[str, Any] = {"RoutingControls": rows[start:start + size]}
        if start + size < len(rows):
            page["NextToken"] = str(start + size)
        return page
    raise ArcError("ValidationException", f"Unknown operation {operation}", reason="unknownOperation")


def _app(index: int) -> Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]:
    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        with _lock:
            _servers[index]["calls"] += 1
            down = _servers[index]["down"]
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        try:
            if down == "unavailable":
                raise ArcError("EndpointTemporarilyUnavailableException",
                               "The cluster endpoint isn't available. Try another cluster endpoint.")
            if environ.get("REQUEST_METHOD") != "POST" or not target.startswith("ToggleCustomerAPI."):
                raise ArcError("ValidationException", "expected POST with X-Amz-Target ToggleCustomerAPI.<Op>",
                               reason="unknownOperation")
            length = int(environ.get("CONTENT_LENGTH") or 0)
            try:
                body = json.loads(environ["wsgi.input"].read(length) or b"{}")
            except ValueError as error:
                raise ArcError("ValidationException", f"cannot parse: {error}", reason="cannotParse") from error
            status, payload = "200 OK", _dispatch(target.split(".", 1)[1], body)
        except ArcError as error:
            status = f"{error.status} {'Bad Request' if error.status == 400 else 'Error'}"
            payload = {"__type": error.code, "message": str(error), **error.extra}
        data = json.dumps(payload).encode()
        start_response(status, [("Content-Type", "application/x-amz-json-1.0"),
                                ("Content-Length", str(len(data))),
                                ("x-amzn-RequestId", str(uuid.uuid4()))])
        return [data]

    return app


def start_endpoints() -> list[Any]:
    """Five servers on 127.0.0.1, free ports; a `reset` endpoint drops each connection unanswered."""
    started = []
    for index, region in enumerate(ENDPOINT_REGIONS):
        server = make_server("127.0.0.1", 0, _app(index), threaded=True)

        def verify(request: Any, client_address: Any, index: int = index) -> bool:
            with _lock:
                endpoint = _servers[index]
                if endpoint["down"] == "reset":
                    endpoint["calls"] += 1
                    return False  # socketserver closes the connection without a response
                return True

        server.verify_request = verify  # type: ignore[method-assign]
        with _lock:
            _servers.append({"region": region, "server": server, "port": server.server_port,
                             "down": None, "calls": 0})
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
    return started
