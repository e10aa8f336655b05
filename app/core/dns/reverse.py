"""Reverse DNS (PTR) for the addresses we show: TTL cache, bounded concurrency, bounded time.

Design:

- Blocking ``dns.resolver.Resolver`` calls on worker threads, not ``dns.asyncresolver``: every
  caller (the GUI's task pool, the CLI) is synchronous, so asyncio would mean an event loop per
  call or a loop thread to manage; a resolver query is thread-safe as long as the configuration
  is not changed, which we never do after construction.
- One ``BoundedSemaphore(max_concurrency)`` around every network query, so the bound holds across
  ``lookup`` calls from many threads and concurrent ``lookup_many`` batches alike;
  ``lookup_many`` runs a ThreadPoolExecutor of at most ``max_concurrency`` workers for the
  addresses not already cached.
- Concurrent look-ups of one address are coalesced: the first caller queries, the others wait for
  its Future, so a burst of connections to one server costs one query.
- Cache: answers live for their TTL clamped to [60 s, 1 day]; NXDOMAIN / no PTR for
  ``negative_ttl``; failures (time-out, SERVFAIL, no reachable server) for ``failure_ttl``, so a
  dead server is not asked again on every poll. LRU-bounded to ``cache_size`` addresses.
- Time is bounded. A batch (``lookup_many``, one poll) and a single look-up each have a total
  ``budget``: every query's lifetime is cut to what is left of it, and what the budget does not
  reach is skipped (not cached, so a later poll asks again). After ``max_timeouts`` time-outs in
  a row the server *rests*: nobody asks it for ``rest`` seconds (doubling up to ``max_rest``
  while it stays silent), then one probe may go; one warning says so when it starts resting.
  A dead server therefore costs one query time-out per poll at most, not one per address.
- A PTR name is a claim made by whoever runs the address block. A name is *confirmed* when its
  A/AAAA records, asked of the same server within the same budget, lead back to the address
  (forward-confirmed reverse DNS); only confirmed names may name the provider (see
  ``Locator.locate``). At most ``MAX_CONFIRM`` names per address are checked, and at most
  ``MAX_NAMES`` kept.
- No usable system configuration (no /etc/resolv.conf, no nameserver in it): a logged warning and
  every look-up answers "no PTR" — never a crash.

Host names are returned without the final dot, as plain data (DNS text form: a byte outside
printable ASCII is escaped as ``\\DDD``, never interpreted).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

import dns.exception
import dns.name
import dns.resolver
import dns.reversename

from app.core.addresses import normalise_ip
from app.core.i18n import N_

log = logging.getLogger(__name__)

MIN_TTL = 60.0
MAX_TTL = 86400.0
MAX_NAMES = 32  # PTR names kept per address (a hostile zone may list thousands)
MAX_CONFIRM = 4  # of which at most this many are forward-checked
SYSTEM_RESOLV_CONF = Path("/etc/resolv.conf")


class PtrStatus(StrEnum):
    """How a look-up ended."""

    ANSWERED = "answered"  # the server answered (with or without names)
    FAILED = "failed"  # time-out, SERVFAIL, unreachable
    SKIPPED = "skipped"  # not asked: the budget was spent, or the server is resting


@dataclass(frozen=True, slots=True)
class PtrAnswer:
    """The PTR names of an address and which of them resolve back to it.

    ``tripped`` is set on the one answer whose time-out made the server start resting, so a
    caller (the window) can say so once without keeping state of its own.
    """

    names: tuple[str, ...] = ()
    confirmed: tuple[str, ...] = ()  # the names whose A/AAAA records include the address
    status: PtrStatus = PtrStatus.ANSWERED
    tripped: bool = False

    @property
    def answered(self) -> bool:
        """False when the server failed or was not asked (worth asking again later)."""
        return self.status is PtrStatus.ANSWERED

    @property
    def claimed(self) -> tuple[str, ...]:
        """Names nobody vouched for: shown, never used to name the provider."""
        return tuple(name for name in self.names if name not in self.confirmed)


_NOTHING = PtrAnswer()
_FAILED = PtrAnswer(status=PtrStatus.FAILED)
_SKIPPED = PtrAnswer(status=PtrStatus.SKIPPED)


@dataclass(frozen=True, slots=True)
class _Entry:
    answer: PtrAnswer
    expires: float


class _Outcome(StrEnum):
    """What one query told us about the server's health."""

    ANSWERED = "answered"
    TIMED_OUT = "timed out"
    OTHER = "other"  # failed fast (refused, unreachable): says nothing about time


class ReverseResolver:
    """PTR look-ups; thread-safe; TTL cache; bounded concurrency and time."""

    def __init__(
        self,
        *,
        nameservers: Sequence[str] | None = None,
        port: int = 53,
        timeout: float = 2.0,
        cache_size: int = 4096,
        negative_ttl: float = 300.0,
        max_concurrency: int = 8,
        clock: Callable[[], float] = time.monotonic,
        failure_ttl: float = 30.0,
        tcp: bool = False,
        resolv_conf: Path | None = None,
        budget: float = 4.0,
        max_timeouts: int = 3,
        rest: float = 30.0,
        max_rest: float = 300.0,
    ) -> None:
        """``nameservers`` None → the system's (``resolv_conf``, default /etc/resolv.conf).

        ``port`` applies to every nameserver; ``tcp`` forces TCP (otherwise UDP, with TCP only
        for truncated answers). ``budget``: seconds a batch or a single look-up may take in
        all, confirmation included; ``max_timeouts`` time-outs in a row make the server rest
        ``rest`` seconds (then doubling up to ``max_rest``). Raises ValueError for a nameserver
        that is not an IP address.
        """
        self._clock = clock
        self._cache_size = max(0, cache_size)
        self._negative_ttl = max(0.0, negative_ttl)
        self._failure_ttl = max(0.0, failure_ttl)
        self._max_concurrency = max(1, max_concurrency)
        self._tcp = tcp
        self._timeout = max(0.01, timeout)
        self._budget = max(0.01, budget)
        self._max_timeouts = max(1, max_timeouts)
        self._first_rest = max(0.0, rest)
        self._max_rest = max(self._first_rest, max_rest)
        self._resolver = self._make_resolver(nameservers, port, self._timeout, resolv_conf)
        self._server = (
            ", ".join(_server_text(str(host), port) for host in self._resolver.nameservers)
            if self._resolver is not None
            else ""
        )
        self._cache: OrderedDict[str, _Entry] = OrderedDict()
        self._pending: dict[str, Future[PtrAnswer]] = {}
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(self._max_concurrency)
        # Health, under _lock: time-outs in a row, and the rest the server is taking.
        self._timeouts = 0
        self._resting = False  # since the last answer, the server has been found silent
        self._rest = self._first_rest
        self._resting_until = 0.0
        self._probing = False  # a query is testing whether a rested server answers again
        self._in_flight = 0  # queries sent and not yet answered
        self._slow_said = False  # the last batch ran out of budget, and we said so
        self._changed = threading.Condition(self._lock)  # notified at each query's end

    @staticmethod
    def _make_resolver(
        nameservers: Sequence[str] | None, port: int, timeout: float, resolv_conf: Path | None
    ) -> dns.resolver.Resolver | None:
        if nameservers is not None:
            resolver = dns.resolver.Resolver(configure=False)
            resolver.nameservers = list(nameservers)  # validates: ValueError if not addresses
        else:
            conf = resolv_conf or SYSTEM_RESOLV_CONF
            try:
                resolver = dns.resolver.Resolver(filename=str(conf))
            except dns.resolver.NoResolverConfiguration as exc:
                log.warning("no DNS configuration (%s): host names will not be shown", exc)
                return None
        if not resolver.nameservers:
            log.warning("no DNS server configured: host names will not be shown")
            return None
        resolver.port = port
        resolver.timeout = timeout
        resolver.lifetime = timeout
        resolver.cache = None  # ours is the cache: it knows about negative answers and failures
        return resolver

    @property
    def available(self) -> bool:
        """False when no DNS server could be configured (every look-up answers nothing)."""
        return self._resolver is not None

    @property
    def resting(self) -> bool:
        """True while the server is taken for dead (time-outs in a row, no answer since)."""
        with self._lock:
            return self._resting

    # --- cache ---------------------------------------------------------------------------------

    def cached(self, ip: str) -> tuple[str, ...] | None:
        """The cached names for an address, or None when it is not (or no longer) cached."""
        answer = self.cached_answer(ip)
        return answer.names if answer is not None else None

    def cached_answer(self, ip: str) -> PtrAnswer | None:
        """The cached answer for an address, or None when it is not (or no longer) cached."""
        key = _key(ip)
        if key is None:
            return None
        with self._lock:
            return self._fresh(key)

    def _fresh(self, key: str) -> PtrAnswer | None:
        """Under the lock: a live cache entry, refreshed in the LRU order."""
        entry = self._cache.get(key)
        if entry is None:
            return None
        if entry.expires <= self._clock():
            del self._cache[key]
            return None
        self._cache.move_to_end(key)
        return entry.answer

    def _store(self, key: str, answer: PtrAnswer, ttl: float) -> None:
        """Under the lock."""
        if not self._cache_size or ttl <= 0:
            return
        self._cache[key] = _Entry(answer, self._clock() + ttl)
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    # --- look-ups ------------------------------------------------------------------------------

    def lookup(self, ip: str) -> tuple[str, ...]:
        """The PTR names of an address (blocking, cached); () when none or on any DNS failure."""
        return self.answer(ip).names

    def answer(self, ip: str, deadline: float | None = None) -> PtrAnswer:
        """Names and which are confirmed (blocking, cached, at most ``budget`` seconds or until
        ``deadline`` on the resolver's clock); never raises for a DNS failure."""
        key = _key(ip)
        if key is None or self._resolver is None:  # not an address, or no DNS configured
            return _NOTHING
        if deadline is None:
            deadline = self._clock() + self._budget
        with self._lock:
            answer = self._fresh(key)
            if answer is not None:
                return answer
            pending = self._pending.get(key)
            if pending is None:
                future: Future[PtrAnswer] = Future()
                self._pending[key] = future
        if pending is not None:  # coalesced with the look-up already under way
            try:
                return pending.result(timeout=max(0.0, deadline - self._clock()))
            except FutureTimeout:
                return _SKIPPED
        try:
            answer, ttl = self._query(self._resolver, key, deadline)
        except BaseException as exc:  # a bug, not a DNS failure: waiters must not hang
            with self._lock:
                del self._pending[key]
            future.set_exception(exc)
            raise
        shared = replace(answer, tripped=False) if answer.tripped else answer  # said once only
        with self._lock:
            if answer.status is not PtrStatus.SKIPPED:
                self._store(key, shared, ttl)
            del self._pending[key]
        future.set_result(shared)
        return answer

    def lookup_many(self, ips: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """Names for each given address (keys as given), at most ``max_concurrency`` at once."""
        return {ip: answer.names for ip, answer in self.answers_many(ips).items()}

    def answers_many(self, ips: Iterable[str]) -> dict[str, PtrAnswer]:
        """Answers for each given address (keys as given), within one ``budget`` in all."""
        deadline = self._clock() + self._budget
        wanted = list(dict.fromkeys(ips))
        results: dict[str, PtrAnswer] = {}
        todo: list[str] = []
        for ip in wanted:
            answer = self.cached_answer(ip)
            if answer is not None:
                results[ip] = answer
            elif _key(ip) is None or self._resolver is None:
                results[ip] = _NOTHING
            else:
                todo.append(ip)
        if len(todo) == 1:
            results[todo[0]] = self.answer(todo[0], deadline)
        elif todo:
            workers = min(self._max_concurrency, len(todo))
            with ThreadPoolExecutor(workers, thread_name_prefix="reverse-dns") as pool:
                answers = pool.map(lambda ip: self.answer(ip, deadline), todo)
                results.update(zip(todo, answers, strict=True))
        skipped = sum(1 for ip in todo if results[ip].status is PtrStatus.SKIPPED)
        with self._lock:  # said once, until a batch fits its budget again
            say = bool(skipped) and not self._resting and not self._slow_said
            self._slow_said = say or (self._slow_said and bool(skipped))
        if say:
            log.warning(
                "reverse DNS: the DNS server %s is slow; %d of %d addresses were not looked up "
                "within %g s",
                self._server,
                skipped,
                len(todo),
                self._budget,
            )
        return {ip: results[ip] for ip in wanted}

    # --- one address ---------------------------------------------------------------------------

    def _query(
        self, resolver: dns.resolver.Resolver, key: str, deadline: float
    ) -> tuple[PtrAnswer, float]:
        """PTR, then forward confirmation: (answer, seconds to cache it)."""
        qname = dns.reversename.from_address(key)
        asked = self._ask(resolver, qname, "PTR", deadline)
        if isinstance(asked, PtrAnswer):
            return asked, self._failure_ttl
        if asked is None:
            return _NOTHING, self._negative_ttl
        targets = list(
            dict.fromkeys(rdata.target for rdata in asked if rdata.target != dns.name.root)
        )[:MAX_NAMES]
        names = tuple(target.to_text(omit_final_dot=True) for target in targets)
        if not names:
            return _NOTHING, self._negative_ttl
        ttl = min(max(float(asked.chaining_result.minimum_ttl), MIN_TTL), MAX_TTL)
        rdtype = "AAAA" if ":" in key else "A"
        confirmed: list[str] = []
        unsure = False  # a forward look-up failed: the answer is kept only briefly
        for target, name in zip(targets[:MAX_CONFIRM], names, strict=False):
            forward = self._ask(resolver, target, rdtype, deadline)
            if isinstance(forward, PtrAnswer):
                unsure = True
                if forward.status is PtrStatus.SKIPPED:
                    break
            elif forward is not None and key in _addresses(forward):
                confirmed.append(name)
        answer = PtrAnswer(names, tuple(confirmed))
        return answer, (min(ttl, self._failure_ttl) if unsure else ttl)

    def _ask(
        self, resolver: dns.resolver.Resolver, qname: dns.name.Name, rdtype: str, deadline: float
    ) -> dns.resolver.Answer | PtrAnswer | None:
        """One query within the concurrency bound, the deadline and the server's rest.

        The answer; None when the name or the record does not exist; a failed or skipped
        PtrAnswer otherwise.
        """
        with self._slots:
            probe = self._admit(deadline)
            if probe is None:
                return _SKIPPED
            left = max(0.01, deadline - self._clock())
            try:
                answer = resolver.resolve(
                    qname, rdtype, tcp=self._tcp, search=False, lifetime=min(self._timeout, left)
                )
            except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
                self._record(_Outcome.ANSWERED, probe)
                return None
            except dns.exception.Timeout as exc:
                log.debug("%s look-up of %s timed out: %s", rdtype, qname, exc)
                if left < self._timeout:  # cut short by the budget: no verdict on the server
                    self._record(_Outcome.OTHER, probe)
                    return _SKIPPED
                tripped = self._record(_Outcome.TIMED_OUT, probe)
                return PtrAnswer(status=PtrStatus.FAILED, tripped=tripped)
            except (dns.exception.DNSException, OSError) as exc:
                log.debug("%s look-up of %s failed: %s", rdtype, qname, exc)
                self._record(_Outcome.OTHER, probe)
                return _FAILED
            except BaseException:
                self._record(_Outcome.OTHER, probe)
                raise
        self._record(_Outcome.ANSWERED, probe)
        return answer

    # --- the server's health ---------------------------------------------------------------------

    def _admit(self, deadline: float) -> bool | None:
        """Whether a query may go now: None no, False yes, True yes as the probe of a rested
        server.

        While time-outs are piling up, a new query waits for the ones in flight to tell whether
        the server is dead (it then rests: skip) or not (an answer: go), so a dead server costs
        one round of time-outs, not two.
        """
        with self._changed:
            while True:
                if self._resting:
                    if self._probing or self._clock() < self._resting_until:
                        return None
                    self._probing = True
                    self._in_flight += 1
                    return True
                if not self._timeouts or self._timeouts + self._in_flight < self._max_timeouts:
                    self._in_flight += 1
                    return False
                left = deadline - self._clock()
                if left <= 0:
                    return None
                self._changed.wait(left)

    def _record(self, outcome: _Outcome, probe: bool) -> bool:
        """Count a query's outcome; True when it is the time-out that made the server rest."""
        with self._changed:
            self._in_flight -= 1
            if probe:
                self._probing = False
            self._changed.notify_all()
            if outcome is _Outcome.ANSWERED:
                back = self._resting
                self._timeouts = 0
                self._resting = False
                self._rest = self._first_rest
            elif outcome is _Outcome.OTHER:
                return False
            else:
                self._timeouts += 1
                if probe:  # a rested server still silent: rest longer
                    self._rest = min(self._rest * 2, self._max_rest)
                    self._resting_until = self._clock() + self._rest
                    return False
                if self._resting or self._timeouts < self._max_timeouts:
                    return False
                self._resting = True
                self._resting_until = self._clock() + self._rest
        if outcome is _Outcome.ANSWERED:
            if back:
                log.info("reverse DNS: the DNS server %s answers again", self._server)
            return False
        # Marked for the catalogue: the command line's log handler says it in the reader's
        # language, once, in place of every look-up that would have waited.
        log.warning(
            N_(
                "the DNS server %s did not answer: host names are left out "
                "(it is asked again in %g s)"
            ),
            self._server,
            self._rest,
        )
        return True


def _server_text(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _addresses(answer: dns.resolver.Answer) -> set[str]:
    found: set[str] = set()
    for rdata in answer:
        try:
            found.add(normalise_ip(rdata.address))
        except (AttributeError, ValueError):
            continue
    return found


def _key(ip: str) -> str | None:
    try:
        return normalise_ip(ip)
    except ValueError:
        log.debug("not an address, no reverse look-up: %r", ip)
        return None
