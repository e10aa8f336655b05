"""The locator's caches: answers per CIDR block, and bounded memos.

Both are cleared whole when full and take no lock: dict reads and writes are atomic, and a
stale miss only costs a recomputation. Nothing is kept per address (see ``Locator.locate``).
"""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

# Block sizes the per-network cache keys on (prefix lengths), probed in this order, coarsest
# first: most networks random addresses meet are /8 to /16 (IPv4) and unused IPv6 space comes
# in stretches of /5 to /12, so one probe answers most of them; a miss costs one probe per size.
LEVELS = {4: (16, 20, 24), 6: (12, 16, 20, 24, 28, 32, 40, 48)}
BITS = {4: 32, 6: 128}


def block_prefix(value: int, first: int, last: int, bits: int) -> int:
    """The shortest prefix length whose block around ``value`` lies within first..last."""
    size = bits
    if first > 0:
        size = min(size, ((first - 1) ^ value).bit_length() - 1)
    if last < (1 << bits) - 1:
        size = min(size, ((last + 1) ^ value).bit_length() - 1)
    return bits - size


class BlockCache(Generic[V]):
    """Answers per CIDR block, one table per block size of LEVELS, keyed by the block number.

    An answer valid for a /p is written under the block of the next listed size L ≥ p that
    holds the address, so later addresses of that block find it with a single probe at size L.
    A network of the coarsest size or larger (a /16 or more of IPv4, a /12 or more of IPv6) is
    written under each of its blocks of that size (2^(L-p) entries: 256 for an IPv4 /8), since
    later addresses of it are likely to fall in any of them; a smaller network, only under the
    block it was met in (writing all of a /17's eight /20 blocks cost more than it saved).
    Answers of networks finer than the last size are not kept. ``limit`` bounds the entries.

    The coarsest size's table is a list indexed by the block (65 536 entries for IPv4, 4 096
    for IPv6): most answers come from it, and a wide network's blocks are written with one
    slice assignment (a dict took ten times longer). The finer ones are dicts.
    """

    __slots__ = ("_count", "_limit", "_slots", "_tables")

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._count = 0
        # Per IP version: (the coarsest table, its shift, the finer (shift, table) pairs).
        self._tables: dict[int, tuple[list[V | None], int, tuple[tuple[int, dict[int, V]], ...]]]
        self._tables = {}
        # Per IP version and prefix length p, where an answer for a /p goes: (table, shift, how
        # many blocks as a power of two), or None past the finest size (not kept).
        self._slots: dict[int, list[tuple[list[V | None] | dict[int, V], int, int] | None]] = {}
        for version, (coarsest, *finer) in LEVELS.items():
            bits = BITS[version]
            first: list[V | None] = [None] * (1 << coarsest)
            tables: list[tuple[int, dict[int, V]]] = [(bits - level, {}) for level in finer]
            self._tables[version] = (first, bits - coarsest, tuple(tables))
            slots: list[tuple[list[V | None] | dict[int, V], int, int] | None] = []
            for prefix in range(bits + 1):
                if prefix <= coarsest:
                    slots.append((first, bits - coarsest, coarsest - prefix))
                    continue
                index = next((i for i, level in enumerate(finer) if level >= prefix), None)
                if index is None:
                    slots.append(None)
                else:
                    shift, table = tables[index]
                    slots.append((table, shift, 0))
            self._slots[version] = slots

    def get(self, version: int, value: int) -> V | None:
        """The answer kept for a block holding the address, or None."""
        first, shift, finer = self._tables[version]
        answer = first[value >> shift]
        if answer is None:
            for shift, table in finer:
                answer = table.get(value >> shift)
                if answer is not None:
                    break
        return answer

    def put(self, version: int, value: int, prefix: int, answer: V) -> None:
        """Keep ``answer`` for the addresses of the /``prefix`` holding ``value``."""
        slot = self._slots[version][prefix]
        if slot is None or not self._limit:
            return
        if self._count >= self._limit:
            self.clear()
        table, shift, spare = slot
        # A network wider than the coarsest size: under each of its blocks of that size.
        start = (value >> (shift + spare)) << spare
        count = 1 << spare
        self._count += count
        if isinstance(table, list):
            table[start : start + count] = [answer] * count
        else:
            table[start] = answer

    def clear(self) -> None:
        for first, _, finer in self._tables.values():
            first[:] = [None] * len(first)
            for _, table in finer:
                table.clear()
        self._count = 0


class Memo(dict[K, V]):
    """A dict bounded by ``limit`` entries (0: keeps nothing), cleared whole when full: no
    bookkeeping per hit, and the working set refills in a moment. Read it as a dict (``get``
    raises TypeError for an unhashable key); write it with ``put``."""

    __slots__ = ("_limit",)

    def __init__(self, limit: int) -> None:
        super().__init__()
        self._limit = limit

    def put(self, key: K, value: V) -> None:
        if not self._limit:
            return
        if len(self) >= self._limit:
            self.clear()
        self[key] = value
