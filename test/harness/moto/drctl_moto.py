"""drctl's local AWS emulator: moto's server plus the CloudFormation types and Route 53
behaviour moto 5.2 lacks, registered onto moto's own backends before it starts.

    python3 test/harness/moto/drctl_moto.py [--port 0]

Prints exactly one line, `DRCTL_EMULATOR_READY port=<n> dns=<m>`, once it accepts requests,
then serves on 127.0.0.1 until SIGTERM or SIGINT: AWS's APIs over HTTP on port n, the
emulated load balancers' names and hosted zones over DNS (UDP) on port m, and an ARC
cluster's five endpoints (GET /_drctl/arc lists them). Diagnostics go to stderr.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading

# moto reads its settings at import: certificates requested through ACM would otherwise
# stay PENDING_VALIDATION for 60 s, and the tests want them ISSUED as CloudFormation does.
os.environ.setdefault("MOTO_ACM_VALIDATION_WAIT", "0")

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

# Sibling modules: Python puts this script's folder first on sys.path.
import arc_cluster  # noqa: E402
import cfn_edge  # noqa: E402
import cfn_failures  # noqa: E402
import cfn_getatt  # noqa: E402
import cfn_intrinsics  # noqa: E402
import cfn_misc  # noqa: E402
import cfn_rds  # noqa: E402
import cfn_s3  # noqa: E402
import cfn_scaling  # noqa: E402
import cfn_states  # noqa: E402
import control  # noqa: E402
import ecs_targets  # noqa: E402
import health_checks  # noqa: E402
import elb_attributes  # noqa: E402
import lb_dns  # noqa: E402
import moto_fixes  # noqa: E402
import route53_hooks  # noqa: E402
from cfn_base import register  # noqa: E402

# Types the tests check; anything here moto neither has nor gets from the harness is a gap.
WANTED = [
    "AWS::RDS::DBCluster", "AWS::RDS::DBInstance", "AWS::RDS::DBClusterParameterGroup",
    "AWS::CloudFront::Distribution", "AWS::CloudFront::OriginAccessControl",
    "AWS::CertificateManager::Certificate", "AWS::CloudWatch::Alarm", "AWS::AutoScaling::ScalingPolicy",
    "AWS::ApplicationAutoScaling::ScalableTarget", "AWS::ApplicationAutoScaling::ScalingPolicy",
    "AWS::ECS::CapacityProvider", "AWS::ECS::ClusterCapacityProviderAssociations",
    "AWS::SecretsManager::Secret", "AWS::S3::BucketPolicy", "AWS::EC2::LaunchTemplate", "AWS::KMS::Key",
    "AWS::KMS::Alias", "AWS::SSM::Parameter", "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::ElasticLoadBalancingV2::TargetGroup", "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::ElasticLoadBalancingV2::ListenerRule", "AWS::ElasticLoadBalancingV2::ListenerCertificate",
    "AWS::Logs::LogGroup", "AWS::EC2::NatGateway", "AWS::EC2::EIP", "AWS::WAFv2::WebACLAssociation",
    "AWS::Route53::HealthCheck", "AWS::Route53::RecordSet", "AWS::Route53RecoveryControl::Cluster",
    "AWS::Route53RecoveryControl::ControlPanel", "AWS::Route53RecoveryControl::RoutingControl",
    "AWS::Route53RecoveryControl::SafetyRule", "AWS::S3::Bucket", "AWS::CodeBuild::Project",
    "AWS::StepFunctions::StateMachine", "AWS::IAM::Role",
]


def install() -> dict[str, list[str]]:
    """Patches moto in this process; answers what was registered and what is still missing."""
    cfn_getatt.apply()
    cfn_intrinsics.apply()
    cfn_failures.apply()
    cfn_states.apply()
    moto_fixes.apply()
    cfn_s3.apply()
    route53_hooks.apply()
    ecs_targets.apply()
    elb_attributes.apply()
    lb_dns.apply()
    health_checks.apply()
    registered = register(cfn_rds.SPECS + cfn_edge.SPECS + cfn_scaling.SPECS + cfn_misc.SPECS
                          + arc_cluster.SPECS)
    from moto.cloudformation.parsing import get_model_map

    known = get_model_map()
    # "types": every CloudFormation type the emulator creates; any other is skipped.
    return {"registered": registered, "gaps": [t for t in WANTED if t not in known], "types": sorted(known)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args()

    # werkzeug logs every request to stderr; the Node side keeps stderr for errors.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    info = install()
    app = control.wrap(DomainDispatcherApplication(create_backend_app), info)
    # Loopback only: the emulator must never be reachable from elsewhere.
    server = make_server("127.0.0.1", args.port, app, threaded=True)
    stopping = threading.Event()

    def stop(signum: int, frame: object) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    dns_server, dns_port = lb_dns.start_dns_server()
    arc_servers = arc_cluster.start_endpoints()
    print(f"registered: {', '.join(info['registered'])}", file=sys.stderr)
    if info["gaps"]:
        print(f"gaps: {', '.join(info['gaps'])}", file=sys.stderr)
    print(f"DRCTL_EMULATOR_READY port={server.server_port} dns={dns_port}", flush=True)
    # Parent died (stdin closed) is as good as SIGTERM: never outlive the test run.
    threading.Thread(target=lambda: (sys.stdin.read(), stopping.set()), daemon=True).start()
    stopping.wait()
    server.shutdown()
    dns_server.stop()
    # The ARC endpoints serve on daemon threads that end with the process; shutting each
    # down in turn would cost up to half a second apiece (serve_forever's poll).
    del arc_servers


if __name__ == "__main__":
    main()
