"""Load balancers as DNS sees them: their region's canonical hosted zone id, stable
addresses, and a tiny DNS server on 127.0.0.1 that answers their names with those
addresses (so drctl resolves an emulated ALB exactly as TestDNSAnswer answers an alias to it).

- moto 5.2.1 gives every load balancer in every region the hosted zone id Z2P70J7EXAMPLE
  (moto/elbv2/models.py, FakeLoadBalancer.__init__). AWS publishes one id per region
  (https://docs.aws.amazon.com/general/latest/gr/elb.html, the "Route 53 Hosted Zone ID
  (Application Load Balancers, Classic Load Balancers)" column): copied or stale alias
  targets are only caught when regions differ.
- A load balancer resolves to one address per node (AZ). The addresses here come from a
  hash of its DNS name: IPv4 in 198.18.0.0/15 (RFC 2544, never routed), IPv6 for dualstack
  ones in 2001:db8::/32 (RFC 3849). `set_nodes` replaces them, as AWS does when it scales
  or replaces nodes, so drctl's tolerance of a changing node set can be tested.
- The same server answers, authoritatively, for every name in an emulated public hosted
  zone: what Route 53's name servers would answer (route53_hooks.answer, the choice
  TestDNSAnswer makes), so drctl can verify a data-plane switch by asking them directly.
- The DNS server uses dnslib (a maintained, pure-Python wire-format library with a
  threaded UDP server) rather than hand-written packet code.
"""

from __future__ import annotations

import hashlib
import ipaddress
import threading
from typing import Any

from dnslib import AAAA, QTYPE, RCODE, RR, A
from dnslib.server import BaseResolver, DNSServer

# Application and Classic Load Balancers, per region, from the AWS table cited above.
ALB_ZONE_IDS = {
    "us-east-1": "Z35SXDOTRQ7X7K", "us-east-2": "Z3AADJGX6KTTL2", "us-west-1": "Z368ELLRRE2KJ0",
    "us-west-2": "Z1H1FL5HABSF5", "af-south-1": "Z268VQBMOI5EKX", "ap-east-1": "Z3DQVH9N71FHZ0",
    "ap-south-1": "ZP97RAFLXTNZK", "ap-northeast-1": "Z14GRHDCWA56QT", "ap-northeast-2": "ZWKZPGTI48KDX",
    "ap-northeast-3": "Z5LXEXXYW11ES", "ap-southeast-1": "Z1LMS91P8CMLE5", "ap-southeast-2": "Z1GM3OXH4ZPM65",
    "ca-central-1": "ZQSVJUPU6J1EY", "eu-central-1": "Z215JYRZR1TBD5", "eu-west-1": "Z32O12XQLNTSW2",
    "eu-west-2": "ZHURV8PSTC4K8", "eu-west-3": "Z3Q77PNBQS71R4", "eu-north-1": "Z23TAZ6LKFMNIO",
    "eu-south-1": "Z3ULH7SSC9OV64", "me-south-1": "ZS929ML54UICD", "sa-east-1": "Z2P70J7HTTTPLU",
}
TTL = 60  # what AWS's resolvers give an ALB's A records

_lock = threading.Lock()
_nodes: dict[str, dict[str, list[str]]] = {}  # DNS name -> {"A": [...], "AAAA": [...]}


def reset() -> None:
    with _lock:
        _nodes.clear()


def _name(dns_name: str) -> str:
    """An alias target may carry AWS's `dualstack.` prefix and a trailing dot."""
    name = dns_name.lower().rstrip(".")
    return name[len("dualstack."):] if name.startswith("dualstack.") else name


def _hashed(name: str) -> dict[str, list[str]]:
    digest = hashlib.sha256(name.encode()).digest()
    base4 = int(ipaddress.IPv4Address("198.18.0.0"))
    v4 = [str(ipaddress.IPv4Address(base4 + (int.from_bytes(digest[i:i + 3], "big") & 0x1FFFF)))
          for i in (0, 3)]
    v6 = [str(ipaddress.IPv6Address(bytes.fromhex("20010db8") + digest[i:i + 12])) for i in (6, 18)]
    return {"A": sorted(set(v4)), "AAAA": sorted(set(v6))}


def _load_balancer(name: str) -> Any:
    from moto.elbv2.models import elbv2_backends

    labels = name.split(".")
    if len(labels) < 4 or not name.endswith(".elb.amazonaws.com"):
        return None
    region = labels[-4]
    for account in list(elbv2_backends.keys()):
        backend = elbv2_backends[account].get(region)
        for lb in list(getattr(backend, "load_balancers", {}).values()):
            if lb.dns_name.lower() == name:
                return lb
    return None


def addresses(dns_name: str, rtype: str) -> list[str] | None:
    """What the name resolves to now; None when no load balancer has that name."""
    name = _name(dns_name)
    lb = _load_balancer(name)
    if lb is None:
        return None
    with _lock:
        nodes = _nodes.get(name) or _hashed(name)
    if rtype == "AAAA" and lb.ip_address_type != "dualstack":
        return []
    return list(nodes.get(rtype, []))


def set_nodes(dns_name: str, ipv4: list[str], ipv6: list[str] | None = None) -> dict[str, list[str]]:
    """Replaces a load balancer's node addresses (as a scale-out or node replacement does)."""
    name = _name(dns_name)
    if _load_balancer(name) is None:
        raise ValueError(f"no load balancer named {dns_name}")
    for value in ipv4:
        ipaddress.IPv4Address(value)
    for value in ipv6 or []:
        ipaddress.IPv6Address(value)
    with _lock:
        _nodes[name] = {"A": list(ipv4), "AAAA": list(ipv6 or [])}
        return dict(_nodes[name])


def _zone_for(name: str) -> tuple[Any, Any] | None:
    """The emulated public hosted zone that holds the name (the longest matching suffix)."""
    from moto.route53.models import route53_backends

    best = None
    for account in list(route53_backends.keys()):
        backend = route53_backends[account]["aws"]
        for zone in list(backend.zones.values()):
            if zone.private_zone:
                continue
            suffix = zone.name.lower().rstrip(".")
            if (name == suffix or name.endswith("." + suffix)) and (best is None or len(suffix) > len(best[1].name)):
                best = (backend, zone)
    return best


def zone_answer(qname: str, rtype: str) -> tuple[str, list[str]] | None:
    """What Route 53's name servers answer for a name in an emulated hosted zone (the same
    choice TestDNSAnswer makes: failover and weighted records follow their health checks,
    an alias answers its target's addresses); None when no zone holds the name."""
    import route53_hooks

    name = qname.lower().rstrip(".")
    found = _zone_for(name)
    if found is None:
        return None
    backend, zone = found
    return route53_hooks.answer(backend, zone.id, name + ".", rtype)


class _Resolver(BaseResolver):  # type: ignore[misc]
    def resolve(self, request: Any, handler: Any) -> Any:
        reply = request.reply()
        qname = str(request.q.qname)
        rtype = QTYPE[request.q.qtype]
        in_zone = zone_answer(qname, rtype)
        if in_zone is not None:
            # Authoritative, as Route 53's name servers are for the zone (AA set, RD ignored).
            reply.header.aa = 1
            rcode, values = in_zone
            if rcode == "NXDOMAIN":
                reply.header.rcode = RCODE.NXDOMAIN
                return reply
            for value in values if rtype in ("A", "AAAA") else []:
                rdata = A(value) if rtype == "A" else AAAA(value)
                reply.add_answer(RR(qname, request.q.qtype, rdata=rdata, ttl=TTL))
            return reply
        found = addresses(qname, rtype if rtype in ("A", "AAAA") else "A")
        if found is not None and rtype not in ("A", "AAAA"):
            found = []  # the name exists, with no records of that type: NOERROR, empty
        if found is None:
            reply.header.rcode = RCODE.NXDOMAIN
            return reply
        for value in found:
            rdata = A(value) if rtype == "A" else AAAA(value)
            reply.add_answer(RR(qname, request.q.qtype, rdata=rdata, ttl=TTL))
        return reply


class _QuietLogger:
    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: None


def start_dns_server() -> tuple[DNSServer, int]:
    """UDP on 127.0.0.1, a free port; answers load balancer names only."""
    server = DNSServer(_Resolver(), address="127.0.0.1", port=0, logger=_QuietLogger())
    server.start_thread()
    return server, server.server.server_address[1]


def apply() -> None:
    from moto.elbv2.models import FakeLoadBalancer

    original = FakeLoadBalancer.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        region = self.arn.split(":")[3]
        # Unknown regions keep moto's placeholder, which no alias check will accept.
        self.canonical_hosted_zone_id = ALB_ZONE_IDS.get(region, self.canonical_hosted_zone_id)

    FakeLoadBalancer.__init__ = init  # type: ignore[method-assign]
