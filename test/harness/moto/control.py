"""The harness's own endpoints, in front of moto's WSGI app:

GET  /_drctl/health  -> {"ok": true, "registered": [...], "gaps": [...]}
POST /_drctl/config  -> JSON {"r53PendingSeconds": n}; answers the current config
POST /_drctl/targets -> JSON {"targetGroupArn"?: arn, "healthy": bool, "state"?: str}: the
                        health of the registered targets of that target group (of every
                        one without an ARN); "state" names another (initial, draining...)
POST /_drctl/reset   -> moto's reset plus the harness's own state
POST /moto-api/reset -> moto's reset, and the harness state with it
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from moto.moto_api import _internal as moto_internal

import ecs_targets
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
        if path == "/moto-api/reset" and method == "POST":
            route53_hooks.reset()
            ecs_targets.reset()
        return app(environ, start_response)

    return control_app
