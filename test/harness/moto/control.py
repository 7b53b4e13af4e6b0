"""The harness's own endpoints, in front of moto's WSGI app:

GET  /_drctl/health  -> {"ok": true, "registered": [...], "gaps": [...]}
POST /_drctl/config  -> JSON {"r53PendingSeconds": n}; answers the current config
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
from collections.abc import Callable, Iterable
from typing import Any

from moto.moto_api import _internal as moto_internal

import cfn_states
import ecs_targets
import lb_dns
import route53_hooks

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _json(start_response: Callable[..., Any], status: str, body: dict[str, Any]) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


def _reset_all() -> None:
    moto_internal.moto_api_backend.reset()
    route53_hooks.reset()
    ecs_targets.reset()
    lb_dns.reset()
    cfn_states.reset()


def wrap(app: Wsgi, info: dict[str, Any]) -> Wsgi:
    def control_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/_drctl/health":
            return _json(start_response, "200 OK", {"ok": True, **info})
        if path == "/_drctl/reset" and method == "POST":
            _reset_all()
            return _json(start_response, "200 OK", {"reset": True})
        if path == "/_drctl/config" and method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            try:
                body = json.loads(environ["wsgi.input"].read(length) or b"{}")
                config = route53_hooks.configure(pending_seconds=body.get("r53PendingSeconds"))
            except (ValueError, TypeError, AttributeError) as error:
                return _json(start_response, "400 Bad Request", {"error": str(error)})
            return _json(start_response, "200 OK", config)
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
            route53_hooks.reset()
            ecs_targets.reset()
            lb_dns.reset()
            cfn_states.reset()
        return app(environ, start_response)

    return control_app
