"""Scaling types: AWS::CloudWatch::Alarm, AWS::AutoScaling::ScalingPolicy,
AWS::ApplicationAutoScaling::ScalableTarget and ::ScalingPolicy, AWS::ECS::CapacityProvider
and AWS::ECS::ClusterCapacityProviderAssociations, stored in moto's own backends."""

from __future__ import annotations

from typing import Any

from moto.applicationautoscaling.models import applicationautoscaling_backends
from moto.autoscaling.models import autoscaling_backends
from moto.cloudwatch.models import cloudwatch_backends
from moto.ecs.models import ecs_backends

from cfn_base import TypeSpec, as_bool, tags_to_list


def _camel(value: Any) -> Any:
    """ECS's API is camelCase where CloudFormation is PascalCase."""
    if isinstance(value, dict):
        return {k[:1].lower() + k[1:]: _camel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_camel(v) for v in value]
    return value


def create_alarm(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    alarm_name = props.get("AlarmName") or name
    alarm = cloudwatch_backends[account_id][region_name].put_metric_alarm(
        name=alarm_name,
        namespace=props.get("Namespace"),
        metric_name=props.get("MetricName"),
        comparison_operator=props.get("ComparisonOperator"),
        evaluation_periods=int(props.get("EvaluationPeriods", 1)),
        period=int(props.get("Period", 60)),
        threshold=float(props.get("Threshold", 0)),
        statistic=props.get("Statistic"),
        description=props.get("AlarmDescription", ""),
        dimensions=[{"Name": d["Name"], "Value": d["Value"]} for d in props.get("Dimensions") or []],
        alarm_actions=props.get("AlarmActions") or [],
        datapoints_to_alarm=int(props["DatapointsToAlarm"]) if props.get("DatapointsToAlarm") else None,
        extended_statistic=props.get("ExtendedStatistic"),
        ok_actions=props.get("OKActions") or [],
        insufficient_data_actions=props.get("InsufficientDataActions") or [],
        unit=props.get("Unit"),
        actions_enabled=as_bool(props.get("ActionsEnabled"), True),
        treat_missing_data=props.get("TreatMissingData"),
        tags=tags_to_list(props.get("Tags")),
    )
    return alarm_name, {"Arn": alarm.alarm_arn}


def delete_alarm(physical_id: str, props: dict[str, Any], account_id: str, region_name: str) -> None:
    cloudwatch_backends[account_id][region_name].delete_alarms([physical_id])


def create_asg_policy(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    policy = autoscaling_backends[account_id][region_name].put_scaling_policy(
        name=props.get("PolicyName") or name,
        policy_type=props.get("PolicyType", "SimpleScaling"),
        metric_aggregation_type=props.get("MetricAggregationType"),
        adjustment_type=props.get("AdjustmentType"),
        as_name=props.get("AutoScalingGroupName"),
        min_adjustment_magnitude=props.get("MinAdjustmentMagnitude"),
        scaling_adjustment=int(props["ScalingAdjustment"]) if "ScalingAdjustment" in props else None,
        cooldown=int(props["Cooldown"]) if "Cooldown" in props else None,
        target_tracking_config=props.get("TargetTrackingConfiguration"),
        step_adjustments=props.get("StepAdjustments"),
        estimated_instance_warmup=props.get("EstimatedInstanceWarmup"),
        predictive_scaling_configuration=props.get("PredictiveScalingConfiguration"),
    )
    # Ref of a scaling policy is its ARN (alarms take it as an action).
    return policy.arn, {"Arn": policy.arn, "PolicyName": policy.name}


def delete_asg_policy(physical_id: str, props: dict[str, Any], account_id: str, region_name: str) -> None:
    name = physical_id.rsplit("policyName/", 1)[-1]
    autoscaling_backends[account_id][region_name].delete_policy(name)


def create_scalable_target(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    target = applicationautoscaling_backends[account_id][region_name].register_scalable_target(
        namespace=props["ServiceNamespace"],
        r_id=props["ResourceId"],
        dimension=props["ScalableDimension"],
        min_capacity=int(props["MinCapacity"]),
        max_capacity=int(props["MaxCapacity"]),
        role_arn=props.get("RoleARN", ""),
        suspended_state=props.get("SuspendedState"),
    )
    # CloudFormation's Ref for a scalable target is "resource|dimension|namespace".
    ref = f"{target.resource_id}|{target.scalable_dimension}|{target.service_namespace}"
    return ref, {"Id": ref}


def delete_scalable_target(physical_id: str, props: dict[str, Any], account_id: str, region_name: str) -> None:
    resource_id, dimension, namespace = physical_id.split("|")
    backend = applicationautoscaling_backends[account_id][region_name]
    if resource_id in backend.targets.get(dimension, {}):
        backend.deregister_scalable_target(namespace, resource_id, dimension)


def _policy_target(props: dict[str, Any]) -> tuple[str, str, str]:
    if props.get("ScalingTargetId"):
        resource_id, dimension, namespace = props["ScalingTargetId"].split("|")
        return namespace, resource_id, dimension
    return props["ServiceNamespace"], props["ResourceId"], props["ScalableDimension"]


def create_app_policy(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    namespace, resource_id, dimension = _policy_target(props)
    policy_type = props.get("PolicyType")
    body = (props.get("TargetTrackingScalingPolicyConfiguration")
            if policy_type == "TargetTrackingScaling"
            else props.get("StepScalingPolicyConfiguration"))
    policy = applicationautoscaling_backends[account_id][region_name].put_scaling_policy(
        policy_name=props.get("PolicyName") or name,
        service_namespace=namespace,
        resource_id=resource_id,
        scalable_dimension=dimension,
        policy_body=body or {},
        policy_type=policy_type,
    )
    return policy.policy_arn, {"Arn": policy.policy_arn}


def delete_app_policy(physical_id: str, props: dict[str, Any], account_id: str, region_name: str) -> None:
    namespace, resource_id, dimension = _policy_target(props)
    backend = applicationautoscaling_backends[account_id][region_name]
    policy_name = physical_id.rsplit("policyName/", 1)[-1]
    for key, policy in list(backend.policies.items()):
        if policy.policy_arn == physical_id:
            backend.delete_scaling_policy(policy_name, namespace, resource_id, dimension)
            break


def create_capacity_provider(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    provider = ecs_backends[account_id][region_name].create_capacity_provider(
        name=props.get("Name") or name,
        asg_details=_camel(props.get("AutoScalingGroupProvider") or {}),
        tags=[{"key": t["Key"], "value": t["Value"]} for t in props.get("Tags") or []],
    )
    return provider.name, {"Arn": provider.capacity_provider_arn}


def delete_capacity_provider(physical_id: str, props: dict[str, Any], account_id: str, region_name: str) -> None:
    backend = ecs_backends[account_id][region_name]
    if physical_id in backend.capacity_providers:
        backend.delete_capacity_provider(physical_id)


def create_associations(name: str, props: dict[str, Any], account_id: str, region_name: str) -> Any:
    cluster = ecs_backends[account_id][region_name].put_cluster_capacity_providers(
        cluster_name=props["Cluster"],
        capacity_providers=props.get("CapacityProviders") or [],
        default_capacity_provider_strategy=_camel(props.get("DefaultCapacityProviderStrategy") or []),
    )
    return cluster.name, {}


def delete_associations(physical_id: str, props: dict[str, Any], account_id: str, region_name: str) -> None:
    backend = ecs_backends[account_id][region_name]
    if physical_id in backend.clusters:
        backend.put_cluster_capacity_providers(physical_id, [], [])


SPECS = [
    TypeSpec("AWS::CloudWatch::Alarm", "cloudwatch", create_alarm, delete_alarm,
             attributes=("Arn",), name_property="AlarmName"),
    TypeSpec("AWS::AutoScaling::ScalingPolicy", "autoscaling", create_asg_policy, delete_asg_policy,
             attributes=("Arn", "PolicyName")),
    TypeSpec("AWS::ApplicationAutoScaling::ScalableTarget", "applicationautoscaling",
             create_scalable_target, delete_scalable_target, attributes=("Id",)),
    TypeSpec("AWS::ApplicationAutoScaling::ScalingPolicy", "applicationautoscaling",
             create_app_policy, delete_app_policy, attributes=("Arn",)),
    TypeSpec("AWS::ECS::CapacityProvider", "ecs", create_capacity_provider, delete_capacity_provider,
             attributes=("Arn",), name_property="Name"),
    TypeSpec("AWS::ECS::ClusterCapacityProviderAssociations", "ecs", create_associations,
             delete_associations),
]
