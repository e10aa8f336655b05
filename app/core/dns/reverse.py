"""Reverse DNS (PTR) for the addresses we show, with a TTL cache and bounded concurrency.

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
from dataclasses import dataclass
from pathlib import Path

import dns.exception
import dns.name
import dns.resolver
import dns.reversename

from app.core.addresses import normalise_ip

log = logging.getLogger(__name__)

MIN_TTL = 60.0
MAX_TTL = 86400.0
SYSTEM_RESOLV_CONF = Path("/etc/resolv.conf")


@dataclass(frozen=True, slots=True)
class _Entry:
    names: tuple[str, ...]
    expires: float


class ReverseResolver:
    """PTR look-ups; thread-safe; TTL cache; bounded concurrency."""

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
    ) -> None:
        """``nameservers`` None → the system's (``resolv_conf``, default /etc/resolv.conf).

        ``port`` applies to every nameserver; ``tcp`` forces TCP (otherwise UDP, with TCP only
        for truncated answers). Raises ValueError for a nameserver that is not an IP address.
        """
        self._clock = clock
        self._cache_size = max(0, cache_size)
        self._negative_ttl = max(0.0, negative_ttl)
        self._failure_ttl = max(0.0, failure_ttl)
        self._max_concurrency = max(1, max_concurrency)
        self._tcp = tcp
        self._resolver = self._make_resolver(nameservers, port, timeout, resolv_conf)
        self._cache: OrderedDict[str, _Entry] = OrderedDict()
        self._pending: dict[str, Future[tuple[str, ...]]] = {}
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(self._max_concurrency)

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

    # --- cache ---------------------------------------------------------------------------------

    def cached(self, ip: str) -> tuple[str, ...] | None:
        """The cached names for an address, or None when it is not (or no longer) cached."""
        key = _key(ip)
        if key is None:
            return None
        with self._lock:
            return self._fresh(key)

    def _fresh(self, key: str) -> tuple[str, ...] | None:
        """Under the lock: a live cache entry, refreshed in the LRU order."""
        entry = self._cache.get(key)
        if entry is None:
            return None
        if entry.expires <= self._clock():
            del self._cache[key]
            return None
        self._cache.move_to_end(key)
        return entry.names

    def _store(self, key: str, names: tuple[str, ...], ttl: float) -> None:
        """Under the lock."""
        if not self._cache_size or ttl <= 0:
            return
        self._cache[key] = _Entry(names, self._clock() + ttl)
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    # --- look-ups ------------------------------------------------------------------------------

    def lookup(self, ip: str) -> tuple[str, ...]:
        """The PTR names of an address (blocking, cached); () when none or on any DNS failure."""
        key = _key(ip)
        if key is None or self._resolver is None:
            return ()
        with self._lock:
            names = self._fresh(key)
            if names is not None:
                return names
            pending = self._pending.get(key)
            if pending is None:
                future: Future[tuple[str, ...]] = Future()
                self._pending[key] = future
        if pending is not None:
            return pending.result()  # coalesced with the look-up already under way
        try:
            names, ttl = self._query(self._resolver, key)
        except BaseException as exc:  # a bug, not a DNS failure: waiters must not hang
            with self._lock:
                del self._pending[key]
            future.set_exception(exc)
            raise
        with self._lock:
            self._store(key, names, ttl)
            del self._pending[key]
        future.set_result(names)
        return names

    def lookup_many(self, ips: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """Names for each given address (keys as given), at most ``max_concurrency`` at once."""
        wanted = list(dict.fromkeys(ips))
        results: dict[str, tuple[str, ...]] = {}
        todo: list[str] = []
        for ip in wanted:
            names = self.cached(ip)
            if names is not None:
                results[ip] = names
            elif _key(ip) is None or self._resolver is None:
                results[ip] = ()
            else:
                todo.append(ip)
        if len(todo) == 1:
            results[todo[0]] = self.lookup(todo[0])
        elif todo:
            workers = min(self._max_concurrency, len(todo))
            with ThreadPoolExecutor(workers, thread_name_prefix="reverse-dns") as pool:
                results.update(zip(todo, pool.map(self.lookup, todo), strict=True))
        return {ip: results[ip] for ip in wanted}

    def _query(self, resolver: dns.resolver.Resolver, key: str) -> tuple[tuple[str, ...], float]:
        """One PTR query, within the concurrency bound: (names, seconds to cache them)."""
        qname = dns.reversename.from_address(key)
        with self._slots:
            try:
                answer = resolver.resolve(qname, "PTR", tcp=self._tcp, search=False)
            except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
                return (), self._negative_ttl
            except (dns.exception.DNSException, OSError) as exc:
                log.debug("reverse look-up of %s failed: %s", key, exc)
                return (), self._failure_ttl
        names = tuple(
            dict.fromkeys(
                rdata.target.to_text(omit_final_dot=True)
                for rdata in answer
                if rdata.target != dns.name.root
            )
        )
        if not names:
            return (), self._negative_ttl
        ttl = float(answer.chaining_result.minimum_ttl)
        return names, min(max(ttl, MIN_TTL), MAX_TTL)


def _key(ip: str) -> str | None:
    try:
        return normalise_ip(ip)
    except ValueError:
        log.debug("not an address, no reverse look-up: %r", ip)
        return None
