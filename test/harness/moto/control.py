"""The harness's own endpoints, in front of moto's WSGI app:

GET  /_drctl/health  -> {"ok": true, "registered": [...], "gaps": [...]}
POST /_drctl/config  -> JSON {"r53PendingSeconds"?: n, "route53ControlPlane"?: "up" | "down" | "timeout",
                        "route53HangSeconds"?: n}; answers the current config, with route53Calls: the
                        Route 53 API calls received since the last reset. Down: every Route 53
                        API call (path /2013-04-01/...) answers 503 ServiceUnavailable; timeout: it
                        hangs route53HangSeconds first (a client's own timeout fires before)
GET  /_drctl/arc     -> the ARC cluster endpoints (Region, Endpoint, down, calls), routing controls, rules
POST /_drctl/arc-endpoint -> JSON {"index": 0..4, "down": bool, "mode"?: "reset" | "unavailable"}
POST /_drctl/s3-reachability -> JSON {"region", "reachable": bool}: whether health checkers reach S3 there
POST /_drctl/targets -> JSON {"targetGroupArn"?: arn, "healthy": bool, "state"?: str}: the
                        health of the registered targets of that target group (of every
                        one without an ARN); "state" names another (initial, draining...)
POST /_drctl/lb-nodes -> JSON {"dnsName": name, "ipv4": [...], "ipv6"?: [...]}: the addresses that
                        load balancer's name resolves to from now on (a node replacement)
POST /_drctl/stack-state -> JSON {"region", "stackName", "status"?: UPDATE_ROLLBACK_FAILED | DELETE_FAILED |
                        REVIEW_IN_PROGRESS, "reason"?, "failNextDelete"?: true}: drives a stack
                        into that state now, or makes its next DeleteStack end DELETE_FAILED
POST /_drctl/reset   -> moto's reset plus the harness's own state
POST /moto-api/reset -> moto's reset, and the harness state with it
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from typing import Any

from moto.moto_api import _internal as moto_internal

import arc_cluster
import cfn_states
import ecs_targets
import health_checks
import lb_dns
import route53_hooks

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _json(start_response: Callable[..., Any], status: str, body: dict[str, Any]) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


def _reset_harness() -> None:
    route53_hooks.reset()
    ecs_targets.reset()
    lb_dns.reset()
    cfn_states.reset()
    arc_cluster.reset()
    health_checks.reset()


def _reset_all() -> None:
    moto_internal.moto_api_backend.reset()
    _reset_harness()


ROUTE53_PREFIX = "/2013-04-01/"


def _route53_unavailable(start_response: Callable[..., Any]) -> list[bytes]:
    # Route 53's REST-XML error shape (https://docs.aws.amazon.com/Route53/latest/APIReference/CommonErrors.html).
    payload = (
        '<?xml version="1.0"?>\n<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
        "<Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>The request has failed due to "
        "a temporary failure of the server.</Message></Error><RequestId>drctl-emulator-outage</RequestId>"
        "</ErrorResponse>"
    ).encode()
    start_response("503 Service Unavailable", [("Content-Type", "text/xml"), ("Content-Length", str(len(payload)))])
    return [payload]


def _read_json(environ: dict[str, Any]) -> dict[str, Any]:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = json.loads(environ["wsgi.input"].read(length) or b"{}")
    if not isinstance(body, dict):
        raise ValueError("expected a JSON object")
    return body


def wrap(app: Wsgi, info: dict[str, Any]) -> Wsgi:
    def control_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/_drctl/health":
            return _json(start_response, "200 OK", {"ok": True, **info})
        if path == "/_drctl/reset" and method == "POST":
            _reset_all()
            return _json(start_response, "200 OK", {"reset": True})
        if path.startswith(ROUTE53_PREFIX):
            mode, hang = route53_hooks.control_plane()
            if mode == "timeout":
                time.sleep(hang)  # a client with a shorter timeout gives up first, as in an outage
            if mode in ("down", "timeout"):
                return _route53_unavailable(start_response)
        if path == "/_drctl/config" and method == "POST":
            try:
                body = _read_json(environ)
                config = route53_hooks.configure(pending_seconds=body.get("r53PendingSeconds"),
                                                 control_plane=body.get("route53ControlPlane"),
                                                 hang_seconds=body.get("route53HangSeconds"))
            except (ValueError, TypeError, AttributeError) as error:
                return _json(start_response, "400 Bad Request", {"error": str(error)})
            return _json(start_response, "200 OK", config)
        if path == "/_drctl/arc" and method == "GET":
            return _json(start_response, "200 OK", {"endpoints": arc_cluster.endpoints(), **arc_cluster.snapshot()})
        if path == "/_drctl/arc-endpoint" and method == "POST":
            try:
                body = _read_json(environ)
                if not isinstance(body.get("down"), bool):
                    raise ValueError("down must be true or false")
                answer = arc_cluster.set_down(int(body["index"]), body["down"], body.get("mode") or "reset")
            except (KeyError, ValueError, TypeError) as error:
                return _json(start_response, "400 Bad Request", {"error": str(error)})
            return _json(start_response, "200 OK", {"endpoints": answer})
        if path == "/_drctl/s3-reachability" and method == "POST":
            try:
                body = _read_json(environ)
                if not isinstance(body.get("reachable"), bool):
                    raise ValueError("reachable must be true or false")
                regions = health_checks.set_s3_unreachable(str(body["region"]), not body["reachable"])
            except (KeyError, ValueError, TypeError) as error:
                return _json(start_response, "400 Bad Request", {"error": str(error)})
            return _json(start_response, "200 OK", {"unreachable": regions})
        if path == "/_drctl/targets" and method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            try:
                body = json.loads(environ["wsgi.input"].read(length) or b"{}")
                if not isinstance(body.get("healthy", True), bool):
                    raise ValueError("healthy must be true or false")
                answer = ecs_targets.set_health(
                    body.get("targetGroupArn"), body.get("healthy", True), body.get("state")
                )
            except (ValueError, TypeError, AttributeError) as error:
                return _json(start_response, "400 Bad Request", {"error": str(error)})
            return _json(start_response, "200 OK", answer)
        if path == "/_drctl/lb-nodes" and method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            try:
                body = json.loads(environ["wsgi.input"].read(length) or b"{}")
                answer = lb_dns.set_nodes(body["dnsName"], list(body["ipv4"]), body.get("ipv6"))
            except (KeyError, ValueError, TypeError, AttributeError) as error:
                return _json(start_response, "400 Bad Request", {"error": str(error)})
            return _json(start_response, "200 OK", answer)
        if path == "/_drctl/stack-state" and method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            try:
                body = json.loads(environ["wsgi.input"].read(length) or b"{}")
                region, name, reason = body["region"], body["stackName"], body.get("reason")
                if body.get("failNextDelete"):
                    answer = cfn_states.fail_next_delete(region, name, reason or "resource could not be deleted")
                else:
                    answer = cfn_states.drive(region, name, body["status"], reason)
            except Exception as error:  # noqa: BLE001 - any bad input is the caller's 400
                return _json(start_response, "400 Bad Request", {"error": str(error)})
            return _json(start_response, "200 OK", answer)
        if path == "/moto-api/reset" and method == "POST":
            _reset_harness()
        return app(environ, start_response)

    return control_app
