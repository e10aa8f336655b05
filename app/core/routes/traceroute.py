"""An unprivileged traceroute: the routers between this computer and an address, without root.

Raw sockets need root (or CAP_NET_RAW), which a desktop app must never ask for. Linux offers
another way, the one tracepath uses: an ordinary UDP socket with ``IP_RECVERR`` (IPv6:
``IPV6_RECVERR``) keeps every ICMP error about the packets it sent on its *error queue*, read
with ``recvmsg(..., MSG_ERRQUEUE)``. Each error arrives with a ``struct sock_extended_err``
(errno, origin, ICMP type and code) followed by the address of the router that sent it
(``SO_EE_OFFENDER``). So: UDP probes to high ports (33434 and up, where nothing listens) with a
time-to-live of 1, 2, 3…; a router that drops a probe whose TTL ran out answers "time exceeded"
(a hop), the target answers "port unreachable" (arrived), anything else unreachable stops the
trace with its reason. Probes nobody answers within the time-out are ``*``.

Linux's unprivileged ICMP ("ping") sockets, ``socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP)``
(IPv6: ``IPPROTO_ICMPV6``), do the same for echo requests: with ``IP_RECVERR`` a router's "time
exceeded" lands on the same error queue, and the target's echo reply comes back as ordinary
data. Many firewalls let echo requests through where they drop UDP to high ports, so this
reaches hosts UDP does not. The kernel lets a process open one only when one of its groups is
in ``net.ipv4.ping_group_range`` (also for IPv6); elsewhere it refuses with EACCES.
``TraceMethod.AUTO`` takes ICMP where the socket opens and UDP otherwise (``choose_method``);
the path records which was used. Both share the probe loop and the error-queue reader below.

Each probe has a socket of its own and a number of its own (the UDP destination port, or the
echo request's sequence), so an answer is matched to its probe by the socket it arrives on and
checked by the number it names; a late answer to an earlier probe is never taken for the
current one. Round trips are measured with ``time.monotonic()`` between the send and the read
of the answer.

Blocking: run it off the GUI thread. ``cancel`` (a ``threading.Event`` or a callable) is checked
between probes and every few hundredths of a second while waiting; ``progress`` hears the hop
number before each hop is probed and ``on_hop`` each hop once its probes are done.
"""

from __future__ import annotations

import errno
import logging
import select
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from app.core.addresses import classify, normalise_ip
from app.core.i18n import N_, Message, TranslatableError, message
from app.core.model import AddressScope

log = logging.getLogger(__name__)

FIRST_PORT = 33434  # traceroute's traditional base port: nothing is expected to listen there
DEFAULT_PROBES = 3
DEFAULT_TIMEOUT_S = 1.0
DEFAULT_MAX_HOPS = 30
MAX_HOPS_LIMIT = 255  # the TTL field's largest value
PAYLOAD = b"datalocator trace-route probe"  # what the probes carry: nothing but a label
_WAIT_SLICE_S = 0.05  # how often a wait looks at ``cancel``

# Linux's values (linux/in.h, linux/in6.h, linux/errqueue.h); Python names only some of them.
IP_RECVERR = getattr(socket, "IP_RECVERR", 11)
IPV6_RECVERR = getattr(socket, "IPV6_RECVERR", 25)
SOL_IP = getattr(socket, "SOL_IP", 0)
SOL_IPV6 = getattr(socket, "SOL_IPV6", getattr(socket, "IPPROTO_IPV6", 41))
MSG_ERRQUEUE = getattr(socket, "MSG_ERRQUEUE", 0x2000)
SO_EE_ORIGIN_LOCAL = 1
SO_EE_ORIGIN_ICMP = 2
SO_EE_ORIGIN_ICMP6 = 3
_EXTENDED_ERR = struct.Struct("=IBBBBII")  # ee_errno, ee_origin, ee_type, ee_code, pad, info, data

# ICMP types and codes (RFC 792, RFC 4443) that decide what a hop is.
ICMP_UNREACHABLE, ICMP_TIME_EXCEEDED, ICMP_PORT_UNREACHABLE = 3, 11, 3
ICMP6_UNREACHABLE, ICMP6_TIME_EXCEEDED, ICMP6_PORT_UNREACHABLE = 1, 3, 4
ICMP_ECHO_REQUEST, ICMP_ECHO_REPLY = 8, 0
ICMP6_ECHO_REQUEST, ICMP6_ECHO_REPLY = 128, 129
_ECHO = struct.Struct("!BBHHH")  # type, code, checksum, identifier, sequence (RFC 792)
PING_GROUP_RANGE = Path("/proc/sys/net/ipv4/ping_group_range")  # who may open ICMP sockets

Cancel = threading.Event | Callable[[], bool]


class TraceError(TranslatableError):
    """The trace cannot be run at all (the system lacks what it needs, a bad target)."""


class TraceMethod(StrEnum):
    """Which probes a trace sends. A traced path records UDP or ICMP, never AUTO."""

    AUTO = "auto"  # ICMP where this process may open an ICMP socket, else UDP
    UDP = "udp"  # to high ports: the target answers "port unreachable"
    ICMP = "icmp"  # echo requests (ping): the target answers with an echo reply


class Ending(StrEnum):
    """How a trace ended."""

    REACHED = "reached"  # the target answered: port unreachable or an echo reply
    UNREACHABLE = "unreachable"  # a router or the system said the target cannot be reached
    MAX_HOPS = "max-hops"  # no answer from the target within the hops allowed
    CANCELLED = "cancelled"


class Answer(StrEnum):
    """What one ICMP error says about the path."""

    TIME_EXCEEDED = "time-exceeded"  # a router on the way: a hop
    PORT_UNREACHABLE = "port-unreachable"  # the host at the end: nothing listens there
    UNREACHABLE = "unreachable"  # any other "destination unreachable": the path ends here
    ECHO_REPLY = "echo-reply"  # the host at the end answered an ICMP probe


@dataclass(frozen=True, slots=True)
class ErrorReport:
    """One ``sock_extended_err`` read from the error queue, with its offender's address."""

    errno: int
    origin: int
    icmp_type: int
    icmp_code: int
    offender: str | None  # SO_EE_OFFENDER: who sent the ICMP error (None if not given)
    port: int  # the destination port of the probe it is about (0 for an ICMP probe)
    quoted: bytes = b""  # the probe as the error quotes it: UDP's payload, or the echo request

    @property
    def echo_sequence(self) -> int | None:
        """The sequence of the echo request the error is about; None if it quotes none."""
        if len(self.quoted) < _ECHO.size:
            return None
        return int(_ECHO.unpack_from(self.quoted)[4])

    @property
    def answer(self) -> Answer | None:
        """What it means for the trace; None for what is not an ICMP answer (a local error)."""
        if self.origin == SO_EE_ORIGIN_ICMP:
            exceeded, unreachable, port = (
                ICMP_TIME_EXCEEDED,
                ICMP_UNREACHABLE,
                ICMP_PORT_UNREACHABLE,
            )
        elif self.origin == SO_EE_ORIGIN_ICMP6:
            exceeded, unreachable, port = (
                ICMP6_TIME_EXCEEDED,
                ICMP6_UNREACHABLE,
                ICMP6_PORT_UNREACHABLE,
            )
        else:
            return None
        if self.icmp_type == exceeded:
            return Answer.TIME_EXCEEDED
        if self.icmp_type == unreachable:
            return Answer.PORT_UNREACHABLE if self.icmp_code == port else Answer.UNREACHABLE
        return None


@dataclass(frozen=True, slots=True)
class Reply:
    """One probe's answer: who answered, after how long, and what they said."""

    address: str
    rtt_ms: float
    answer: Answer
    icmp_type: int
    icmp_code: int


@dataclass(frozen=True, slots=True)
class Hop:
    """The probes sent with one TTL: a reply each, or None for a probe nobody answered (``*``)."""

    number: int  # the TTL, from 1
    replies: tuple[Reply | None, ...]

    @property
    def addresses(self) -> tuple[str, ...]:
        """Who answered, in order, once each (several when the path is balanced over routers)."""
        return tuple(dict.fromkeys(reply.address for reply in self.replies if reply is not None))

    @property
    def address(self) -> str | None:
        """The first address that answered; None for a silent hop (``*``)."""
        addresses = self.addresses
        return addresses[0] if addresses else None

    @property
    def rtts_ms(self) -> tuple[float | None, ...]:
        return tuple(None if reply is None else reply.rtt_ms for reply in self.replies)

    @property
    def silent(self) -> bool:
        return self.address is None


@dataclass(frozen=True, slots=True)
class TracedPath:
    """The hops toward ``target`` in order, and how the trace ended (``reason`` says why it
    stopped when it did not reach the target); ``method``: the probes that found them."""

    target: str
    hops: tuple[Hop, ...]
    ending: Ending
    reason: Message | None = None
    method: TraceMethod = TraceMethod.UDP

    @property
    def reached(self) -> bool:
        return self.ending is Ending.REACHED


@dataclass(frozen=True, slots=True)
class TraceOptions:
    """How hard to look: probes per hop, seconds each may take, hops at most, the first port
    (UDP) or sequence number (ICMP), and which probes. UDP by default: a view that tells the
    person what is sent before the trace asks ``choose_method`` to offer AUTO."""

    probes: int = DEFAULT_PROBES
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_hops: int = DEFAULT_MAX_HOPS
    first_port: int = FIRST_PORT
    method: TraceMethod = TraceMethod.UDP


def trace_route(
    target: str,
    options: TraceOptions = TraceOptions(),  # frozen: one shared default is safe
    *,
    cancel: Cancel | None = None,
    progress: Callable[[int], None] | None = None,
    on_hop: Callable[[Hop], None] | None = None,
) -> TracedPath:
    """Trace the path to the IP address ``target`` (see the module's docstring).

    Raises TraceError when the address cannot be traced to or the system offers neither the
    method asked for nor, for AUTO, any; a path that stops on the way is a TracedPath with its
    reason.
    """
    ip = _checked_target(target, options)
    family = _family(ip)
    method = choose_method(ip, options.method)
    is_cancelled = _cancel_test(cancel)
    hops: list[Hop] = []
    number = options.first_port

    def ended(ending: Ending, reason: Message | None = None) -> TracedPath:
        return TracedPath(ip, tuple(hops), ending, reason, method)

    for ttl in range(1, options.max_hops + 1):
        if is_cancelled():
            return ended(Ending.CANCELLED)
        if progress is not None:
            progress(ttl)
        replies: list[Reply | None] = []
        for _ in range(options.probes):
            if is_cancelled():
                return ended(Ending.CANCELLED)
            probe = _Probe(method, family, ip, ttl, number)
            try:
                replies.append(probe.run(options.timeout_s, is_cancelled))
            except _SendRefused as refused:
                hops.append(Hop(ttl, tuple(replies)))
                return ended(Ending.UNREACHABLE, refused.reason)
            number = number + 1 if number < 65535 else options.first_port
        hop = Hop(ttl, tuple(replies))
        hops.append(hop)
        if on_hop is not None:
            on_hop(hop)
        ending = _ending(hop, ip)
        if ending is not None:
            return ended(*ending)
        if is_cancelled():
            return ended(Ending.CANCELLED)
    return ended(Ending.MAX_HOPS)


def _checked_target(target: str, options: TraceOptions) -> str:
    try:
        ip = normalise_ip(target)
    except ValueError:
        raise TraceError(message("not an IP address: {text!r}", text=target)) from None
    if classify(ip) is AddressScope.MULTICAST:
        raise TraceError(message("cannot trace a route to a multicast address: {ip}", ip=ip))
    if ip in ("0.0.0.0", "::", "255.255.255.255"):
        raise TraceError(message("cannot trace a route to {ip}: it names no one host", ip=ip))
    if not 1 <= options.max_hops <= MAX_HOPS_LIMIT:
        raise TraceError(
            message("the number of hops must be from 1 to {limit}", limit=MAX_HOPS_LIMIT)
        )
    if options.probes < 1 or not options.timeout_s > 0:
        raise TraceError(message("a trace needs at least one probe per hop and a time-out"))
    return ip


def _family(ip: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in ip else socket.AF_INET


def choose_method(ip: str, requested: TraceMethod = TraceMethod.AUTO) -> TraceMethod:
    """The probes a trace to the address ``ip`` will send: ``requested`` if this process may
    send them, for AUTO ICMP where it may open an ICMP socket and UDP otherwise.

    Raises TraceError, saying why, when it may not (an ICMP socket refused by
    ``ping_group_range``, no ``IP_RECVERR``), and for AUTO when it may send neither.
    """
    family = _family(ip)
    if requested is not TraceMethod.AUTO:
        refused = _refusal(requested, family)
        if refused is not None:
            raise TraceError(_why_not(requested, refused)) from refused
        return requested
    icmp_refused = _refusal(TraceMethod.ICMP, family)
    if icmp_refused is None:
        return TraceMethod.ICMP
    udp_refused = _refusal(TraceMethod.UDP, family)
    if udp_refused is None:
        return TraceMethod.UDP
    log.info("neither ICMP (%s) nor UDP (%s) probes here", icmp_refused, udp_refused)
    raise TraceError(
        message(
            "tracing a route needs Linux's IP_RECVERR or unprivileged ICMP sockets; "
            "this system offers neither"
        )
    ) from udp_refused


def _refusal(method: TraceMethod, family: socket.AddressFamily) -> OSError | None:
    """Why this process cannot send ``method``'s probes with their errors queued; None if it
    can (the socket opens and takes IP_RECVERR and a TTL)."""
    if not sys.platform.startswith("linux"):
        return OSError(errno.ENOSYS, "not Linux")
    try:
        with _open(method, family) as sock:
            _prepare(sock, family, 1)
    except OSError as error:
        log.info("no %s probes here: %s", method, error)
        return error
    return None


def _why_not(method: TraceMethod, refused: OSError) -> Message:
    """Why the probes of ``method`` cannot be sent, in words."""
    if method is TraceMethod.UDP:
        return message("tracing a route needs Linux's IP_RECVERR; this system does not offer it")
    if refused.errno not in (errno.EACCES, errno.EPERM):
        return message(
            "this system offers no unprivileged ICMP sockets with IP_RECVERR; "
            "trace with UDP probes instead"
        )
    allowed = ping_group_range()
    if allowed is None:
        return message(
            "this system refused this user an ICMP socket (net.ipv4.ping_group_range); "
            "trace with UDP probes instead"
        )
    low, high = allowed
    if low > high:
        return message(
            "unprivileged ICMP sockets are switched off on this system "
            "(net.ipv4.ping_group_range is {low} {high}); trace with UDP probes instead",
            low=low,
            high=high,
        )
    return message(
        "unprivileged ICMP sockets are allowed only to the groups {low} to {high} "
        "(net.ipv4.ping_group_range), and this user is in none of them; "
        "trace with UDP probes instead",
        low=low,
        high=high,
    )


def ping_group_range(path: Path = PING_GROUP_RANGE) -> tuple[int, int] | None:
    """The first and last group allowed to open ICMP sockets in this network namespace (the
    first above the last: none); None where the file cannot be read."""
    try:
        low, high = (int(field) for field in path.read_text(encoding="ascii").split())
    except (OSError, ValueError):
        return None
    return low, high


def _cancel_test(cancel: Cancel | None) -> Callable[[], bool]:
    if cancel is None:
        return lambda: False
    if isinstance(cancel, threading.Event):
        return cancel.is_set
    return cancel


def _open(method: TraceMethod, family: socket.AddressFamily) -> socket.socket:
    """A probe's socket: a plain UDP one, or an unprivileged ICMP (ping) one."""
    if method is TraceMethod.ICMP:
        protocol = socket.IPPROTO_ICMPV6 if family == socket.AF_INET6 else socket.IPPROTO_ICMP
        return socket.socket(family, socket.SOCK_DGRAM, protocol)
    return socket.socket(family, socket.SOCK_DGRAM)


def _prepare(sock: socket.socket, family: socket.AddressFamily, ttl: int) -> None:
    if family == socket.AF_INET6:
        sock.setsockopt(SOL_IPV6, IPV6_RECVERR, 1)
        sock.setsockopt(SOL_IPV6, socket.IPV6_UNICAST_HOPS, ttl)
    else:
        sock.setsockopt(SOL_IP, IP_RECVERR, 1)
        sock.setsockopt(SOL_IP, socket.IP_TTL, ttl)


class _SendRefused(Exception):
    """This computer refused to send the probe (no route, a firewall): the trace stops."""

    def __init__(self, reason: Message) -> None:
        super().__init__(str(reason))
        self.reason = reason


# Why this computer itself refused to send, in words.
_SEND_REASONS = {
    errno.ENETUNREACH: N_("this computer has no route to that network"),
    errno.EHOSTUNREACH: N_("this computer has no route to that host"),
    errno.EACCES: N_("this computer's firewall refused the probe"),
    errno.EPERM: N_("this computer's firewall refused the probe"),
    errno.EADDRNOTAVAIL: N_("this computer has no address to send from"),
}


@dataclass(frozen=True, slots=True)
class _Probe:
    """One probe: its method, where it goes, its TTL and its number (the UDP destination port,
    or the echo request's sequence)."""

    method: TraceMethod
    family: socket.AddressFamily
    ip: str
    ttl: int
    number: int

    def run(self, timeout_s: float, is_cancelled: Callable[[], bool]) -> Reply | None:
        """Send the probe and wait for its answer; None when none came in time."""
        with _open(self.method, self.family) as sock:
            _prepare(sock, self.family, self.ttl)
            sock.setblocking(False)
            sent = time.monotonic()
            try:
                self._send(sock)
            except OSError as error:
                reason = _SEND_REASONS.get(error.errno or 0)
                if reason is None:
                    raise
                raise _SendRefused(Message(reason)) from error
            poller = select.poll()
            wanted = select.POLLERR | (select.POLLIN if self.method is TraceMethod.ICMP else 0)
            poller.register(sock.fileno(), wanted)
            deadline = sent + timeout_s
            while True:
                now = time.monotonic()
                if now >= deadline or is_cancelled():
                    return None
                if not poller.poll(min(_WAIT_SLICE_S, deadline - now) * 1000):
                    continue
                answer = self._answer(sock)
                if answer is not None:
                    address, icmp_type, icmp_code, kind = answer
                    rtt_ms = (time.monotonic() - sent) * 1000
                    return Reply(address, rtt_ms, kind, icmp_type, icmp_code)

    def _send(self, sock: socket.socket) -> None:
        if self.method is TraceMethod.UDP:
            sock.sendto(PAYLOAD, (self.ip, self.number))
            return
        kind = ICMP6_ECHO_REQUEST if self.family == socket.AF_INET6 else ICMP_ECHO_REQUEST
        # The kernel sets the identifier (the socket's own) and the checksum.
        sock.sendto(_ECHO.pack(kind, 0, 0, 0, self.number) + PAYLOAD, (self.ip, 0))

    def _answer(self, sock: socket.socket) -> tuple[str, int, int, Answer] | None:
        """The first answer waiting about this probe: an ICMP error from the error queue, or
        an echo reply; None when what waited was about something else."""
        for report in read_error_queue(sock, self.family):
            answer = report.answer
            if answer is None or report.offender is None or not self._names_me(report):
                log.debug("ignored error on the probe's socket: %s", report)
                continue
            return report.offender, report.icmp_type, report.icmp_code, answer
        return self._echo_reply(sock) if self.method is TraceMethod.ICMP else None

    def _names_me(self, report: ErrorReport) -> bool:
        if self.method is TraceMethod.ICMP:
            return report.echo_sequence == self.number
        return report.port == self.number

    def _echo_reply(self, sock: socket.socket) -> tuple[str, int, int, Answer] | None:
        reply = ICMP6_ECHO_REPLY if self.family == socket.AF_INET6 else ICMP_ECHO_REPLY
        while True:
            try:
                data, address = sock.recvfrom(len(PAYLOAD) + 64)
            except (BlockingIOError, InterruptedError):
                return None
            if len(data) < _ECHO.size:
                continue
            icmp_type, icmp_code, _sum, _ident, sequence = _ECHO.unpack_from(data)
            if icmp_type == reply and sequence == self.number:
                return normalise_ip(address[0]), icmp_type, icmp_code, Answer.ECHO_REPLY
            log.debug("ignored ICMP type %d, sequence %d", icmp_type, sequence)


def read_error_queue(sock: socket.socket, family: socket.AddressFamily) -> list[ErrorReport]:
    """Every error waiting on the socket's error queue (empty when there is none)."""
    reports: list[ErrorReport] = []
    while True:
        try:
            quoted, ancillary, _flags, address = sock.recvmsg(
                len(PAYLOAD) + 64, socket.CMSG_SPACE(512), MSG_ERRQUEUE
            )
        except (BlockingIOError, InterruptedError):
            return reports
        port = address[1] if isinstance(address, tuple) and len(address) > 1 else 0
        found = _reports(ancillary, family, port, quoted)
        reports += [report for report in found if report is not None]


def _reports(
    ancillary: Sequence[tuple[int, int, bytes]],
    family: socket.AddressFamily,
    port: int,
    quoted: bytes,
) -> list[ErrorReport | None]:
    wanted = (SOL_IPV6, IPV6_RECVERR) if family == socket.AF_INET6 else (SOL_IP, IP_RECVERR)
    return [
        parse_extended_err(data, port, quoted)
        for level, kind, data in ancillary
        if (level, kind) == wanted
    ]


def parse_extended_err(data: bytes, port: int = 0, quoted: bytes = b"") -> ErrorReport | None:
    """A ``struct sock_extended_err`` and the offender's ``sockaddr`` after it; None when the
    data are too short to be one. ``port`` and ``quoted``: the probe's port and its start as
    the message carrying the error gave them."""
    if len(data) < _EXTENDED_ERR.size:
        return None
    ee_errno, origin, icmp_type, icmp_code, _pad, _info, _data = _EXTENDED_ERR.unpack_from(data)
    offender = _offender(data[_EXTENDED_ERR.size :])
    return ErrorReport(ee_errno, origin, icmp_type, icmp_code, offender, port, quoted)


def _offender(sockaddr: bytes) -> str | None:
    """The address in a ``sockaddr_in`` / ``sockaddr_in6`` (SO_EE_OFFENDER); None otherwise."""
    if len(sockaddr) < 2:
        return None
    (family,) = struct.unpack_from("=H", sockaddr)
    if family == socket.AF_INET and len(sockaddr) >= 8:
        return socket.inet_ntop(socket.AF_INET, sockaddr[4:8])
    if family == socket.AF_INET6 and len(sockaddr) >= 24:
        return normalise_ip(socket.inet_ntop(socket.AF_INET6, sockaddr[8:24]))
    return None


def _ending(hop: Hop, target: str) -> tuple[Ending, Message | None] | None:
    """Whether the trace ends with this hop: the target answered, or someone said it cannot be
    reached (the first such answer decides)."""
    for reply in hop.replies:
        if reply is None:
            continue
        if reply.answer is Answer.ECHO_REPLY or (
            reply.answer is Answer.PORT_UNREACHABLE and reply.address == target
        ):
            return Ending.REACHED, None
        if reply.answer is Answer.PORT_UNREACHABLE:
            return Ending.UNREACHABLE, message(
                "{address} refused the probe before it reached the target", address=reply.address
            )
        if reply.answer is Answer.UNREACHABLE:
            return Ending.UNREACHABLE, unreachable_reason(reply)
    return None


# "Destination unreachable" codes (RFC 792 and RFC 1812; RFC 4443 for IPv6) in words.
_UNREACHABLE_V4 = {
    0: N_("network unreachable"),
    1: N_("host unreachable"),
    2: N_("protocol unreachable"),
    4: N_("the packet is too big and may not be split"),
    9: N_("the network is administratively prohibited"),
    10: N_("the host is administratively prohibited"),
    13: N_("communication administratively prohibited"),
}
_UNREACHABLE_V6 = {
    0: N_("no route to the destination"),
    1: N_("communication administratively prohibited"),
    3: N_("address unreachable"),
    5: N_("the source address was refused by a policy"),
    6: N_("the route was rejected"),
}


def unreachable_reason(reply: Reply) -> Message:
    """Why the router at ``reply.address`` stopped the trace, in words."""
    v6 = ":" in reply.address
    known = (_UNREACHABLE_V6 if v6 else _UNREACHABLE_V4).get(reply.icmp_code)
    if known is None:
        return message(
            "{address} says the target cannot be reached (ICMP code {code})",
            address=reply.address,
            code=reply.icmp_code,
        )
    return message(
        "{address} says the target cannot be reached: {why}",
        address=reply.address,
        why=Message(known),
    )
