"""What ECS does for a service behind a load balancer, which moto 5.2.1 does not do.

moto runs no tasks, so nothing ever registers in the service's target group and a
caller awaiting healthy targets waits forever. Here, whenever a service with
LoadBalancers exists, it gets `desiredCount` IP targets (awsvpc task ENIs: addresses in
the service's subnets, round robin, port = the container port) in each of its target
groups, reported `healthy`, and its running count is its desired count. Targets follow
the desired count (scale in deregisters) and go away with the service.

Quirks fixed on the way:
- moto/ecs/models.py Service.create_from_cloudformation_json passes only the cluster,
  name, desired count and task definition ("TODO: LoadBalancers"): LoadBalancers,
  NetworkConfiguration, LaunchType, PropagateTags, Tags and Role are dropped.

Fault tests set health per target group (control endpoint POST /_drctl/targets):
set_health(arn or None for all, healthy=False) makes every registered target unhealthy.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from moto.ec2.models import ec2_backends
from moto.ecs.models import EC2ContainerServiceBackend, Service, ecs_backends
from moto.elbv2.models import ELBv2Backend, FakeHealthStatus, FakeTargetGroup, elbv2_backends

from cfn_scaling import _camel

UNHEALTHY = ("unhealthy", "Target.FailedHealthChecks", "Health checks failed")
# Target group ARN (or "*" for every one) -> (state, reason, description); absent = healthy.
_health: dict[str, tuple[str, str | None, str | None]] = {}


def _service_from_cloudformation(cls: Any, resource_name: str, cloudformation_json: Any,
                                 account_id: str, region_name: str, **kwargs: Any) -> Service:
    props = cloudformation_json["Properties"]
    cluster = props.get("Cluster")
    cluster = getattr(cluster, "name", cluster) or "default"
    task_definition = props.get("TaskDefinition")
    task_definition = getattr(task_definition, "arn", task_definition)
    network = props.get("NetworkConfiguration")
    service = ecs_backends[account_id][region_name].create_service(
        cluster,
        props.get("ServiceName") or resource_name,
        int(props.get("DesiredCount", 1 if not props.get("SchedulingStrategy") else 0)),
        task_definition_str=task_definition,
        load_balancers=_camel(props.get("LoadBalancers") or []),
        scheduling_strategy=props.get("SchedulingStrategy"),
        tags=[{"key": t["Key"], "value": str(t["Value"])} for t in props.get("Tags") or []],
        launch_type=props.get("LaunchType"),
        service_registries=_camel(props.get("ServiceRegistries") or []),
        platform_version=props.get("PlatformVersion"),
        propagate_tags=props.get("PropagateTags") or "NONE",
        network_configuration=_camel(network) if network else None,
        role_arn=props.get("Role"),
    )
    return service  # create_service is wrapped: the targets are registered already


def _task_ips(service: Service, target_group: FakeTargetGroup, count: int, taken: set[str]) -> list[str]:
    """`count` free addresses for task ENIs, spread over the service's subnets."""
    account, region = service._account_id, service.region_name
    config = (service.network_configuration or {}).get("awsvpcConfiguration") or {}
    ec2 = ec2_backends[account][region]
    if config.get("subnets"):
        networks = [ipaddress.ip_network(s.cidr_block) for s in ec2.describe_subnets(subnet_ids=config["subnets"])]
    else:
        networks = [ipaddress.ip_network(ec2.get_vpc(target_group.vpc_id).cidr_block)]
    # AWS keeps the first four addresses of a subnet; start further in, like DHCP would.
    pools = [(str(ip) for ip in list(net.hosts())[10:]) for net in networks]
    ips: list[str] = []
    index = len(taken)
    while len(ips) < count:
        candidate = next(pools[index % len(pools)])
        index += 1
        if candidate not in taken:
            ips.append(candidate)
            taken.add(candidate)
    return ips


def sync(account_id: str, region_name: str) -> None:
    """Registers/deregisters each service's task targets to match its desired count."""
    ecs = ecs_backends[account_id][region_name]
    elbv2 = elbv2_backends[account_id][region_name]
    wanted: dict[str, dict[str, tuple[Service, int]]] = {}  # tg arn -> service arn -> (service, port)
    for service in list(ecs.services.values()):
        if service.status != "ACTIVE":
            continue
        # Tasks "start" at once: running = desired, as a settled deployment shows it.
        service.running_count, service.pending_count = service.desired_count, 0
        for deployment in service.deployments:
            deployment.update(runningCount=service.desired_count, pendingCount=0, rolloutState="COMPLETED")
        for lb in service.load_balancers:
            arn = lb.get("targetGroupArn")
            if arn in elbv2.target_groups:
                wanted.setdefault(arn, {})[service.arn] = (service, int(lb.get("containerPort") or 0))
    for arn, target_group in elbv2.target_groups.items():
        owned: dict[str, list[str]] = target_group.__dict__.setdefault("drctl_service_targets", {})
        services = wanted.get(arn, {})
        for service_arn in list(owned):
            if service_arn not in services:
                _deregister(target_group, owned.pop(service_arn))
        if getattr(target_group, "target_type", "ip") != "ip":
            continue  # instance/lambda targets would need running instances: not emulated
        for service_arn, (service, port) in services.items():
            ips = owned.setdefault(service_arn, [])
            desired = max(int(service.desired_count or 0), 0)
            if len(ips) > desired:
                _deregister(target_group, ips[desired:])
                del ips[desired:]
            if len(ips) < desired:
                taken = {t for t in target_group.targets} | {ip for l in owned.values() for ip in l}
                new = _task_ips(service, target_group, desired - len(ips), taken)
                target_group.register([{"Id": ip, "Port": port or target_group.port} for ip in new])
                ips.extend(new)


def _deregister(target_group: FakeTargetGroup, ips: list[str]) -> None:
    present = [{"Id": ip} for ip in ips if ip in target_group.targets]
    if present:
        target_group.deregister(present)


def set_health(target_group_arn: str | None, healthy: bool, state: str | None = None) -> dict[str, Any]:
    """Health of the registered targets of one target group, or of all (arn None).

    `state` names any other TargetHealth state (initial, draining, unavailable...)."""
    key = target_group_arn or "*"
    if target_group_arn is None:
        _health.clear()
    if state and state != "healthy":
        _health[key] = (state, "Target.Emulated", f"state set by the drctl harness: {state}")
    elif healthy and not state:
        _health.pop(key, None)
    elif healthy:
        _health.pop(key, None)
    else:
        _health[key] = UNHEALTHY
    current = _health.get(key, ("healthy", None, None))
    return {"targetGroupArn": target_group_arn, "state": current[0]}


def reset() -> None:
    _health.clear()


def _patch_health() -> None:
    original = FakeTargetGroup.health_for

    def health_for(self: FakeTargetGroup, target: dict[str, Any], ec2_backend: Any) -> FakeHealthStatus:
        status = original(self, target, ec2_backend)
        override = _health.get(self.arn) or _health.get("*")
        if override and status.status == "healthy":
            state, reason, description = override
            return FakeHealthStatus(status.instance_id, status.port, status.health_check_port, state, reason, description)
        return status

    FakeTargetGroup.health_for = health_for  # type: ignore[method-assign]


def _sync_around(cls: type, name: str, before: bool) -> None:
    original = getattr(cls, name)

    def wrapped(self: Any, *args: Any, **kwargs: Any) -> Any:
        if before:
            sync(self.account_id, self.region_name)
            return original(self, *args, **kwargs)
        result = original(self, *args, **kwargs)
        sync(self.account_id, self.region_name)
        return result

    setattr(cls, name, wrapped)


def apply() -> None:
    Service.create_from_cloudformation_json = classmethod(_service_from_cloudformation)  # type: ignore[assignment]
    _patch_health()
    # ECS registers asynchronously; answering after every change and before every
    # DescribeTargetHealth is the same as far as any caller can tell.
    for name in ("create_service", "update_service", "delete_service"):
        _sync_around(EC2ContainerServiceBackend, name, before=False)
    _sync_around(ELBv2Backend, "describe_target_health", before=True)
