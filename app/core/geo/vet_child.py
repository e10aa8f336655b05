"""The check of one untrusted MaxMind DB file, run in a child process by `verify`.

Why a child: maxminddb's C extension trusts the file. A search tree whose paths never end makes
its record iterator spin forever holding the interpreter lock, and a damaged data section can
make it abort or segfault. Here such a file can only kill or stall this process, which the
parent bounds by a deadline and reads as a refusal.

What is checked, in this order, each step bounded by the file size:

1. the metadata, read by our own sanity rules against the file size (the format version, a
   record size of 24, 28 or 32 bits, IP version 4 or 6, a node count whose tree fits in the
   file, a build date in a plausible range, a text database type);
2. the whole search tree, level by level from the root (each node once per depth, so a tree
   whose nodes share children costs at most ``node count × address bits``): every record must
   be a node, "no data", or a pointer into the data section, no path may be longer than an
   address, and the readers' in-order iterator must not need more than a few steps per node
   (shared nodes multiply its paths: the 1 KB DAG has 2**127); the file must hold a record;
3. every distinct data record the tree reaches, decoded by the same C reader the app uses,
   through a look-up of an address that leads to it. A record the reader cannot decode here
   would fail (or crash) in the app; one that decodes here decodes the same way there.

The child answers with one JSON line on stdout, {"ok": true, "sample": "<address>"} or
{"ok": false, "reason": "<plain words>"}; anything else (a signal, no answer) is a refusal.
"""

from __future__ import annotations

import json
import mmap
import os
import socket
import stat
import sys
from array import array
from dataclasses import dataclass
from datetime import UTC, datetime

import maxminddb
from maxminddb.decoder import Decoder

METADATA_MARKER = b"\xab\xcd\xefMaxMind.com"
_METADATA_WINDOW = 128 * 1024  # the spec's bound on the metadata's size
_SEPARATOR = 16  # zero bytes between the search tree and the data section
# Build dates before MaxMind DB existed, or so far ahead that no clock skew explains them.
_FIRST_EPOCH = int(datetime(2000, 1, 1, tzinfo=UTC).timestamp())
_LAST_EPOCH = int(datetime(2200, 1, 1, tzinfo=UTC).timestamp())
# The child's address space: the interpreter, the mapped file twice (our map and the reader's)
# and room for decoded records; a record that needs more is refused, not swapped for.
_MEMORY_BASE = 1 << 30
# The readers' in-order iterator may take this many steps per tree node (a real tree takes
# about one: each node has one parent, but for the IPv4 aliases, which the iterator skips).
_ITERATION_STEPS_PER_NODE = 8
_ITERATION_STEPS_EXTRA = 1 << 16
# Per byte value: its high and its low nibble (28-bit records share a middle byte).
_HIGH_NIBBLE = bytes(value >> 4 for value in range(256))
_LOW_NIBBLE = bytes(value & 0x0F for value in range(256))


Reason = tuple[str, dict[str, str]]


def message(template: str, /, **values: object) -> Reason:
    """A reason for the catalogue: its English template and named values, which the parent
    translates (the catalogue extractor knows the name). The child does not import
    app.core.i18n, to stay small under its memory limit."""
    return template, {name: str(value) for name, value in values.items()}


class Refused(Exception):
    """The file is not a usable MaxMind DB; the reason says why in plain words."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason[0].format(**reason[1]))
        self.reason = reason


def _damaged(reason: Reason) -> Refused:
    return Refused(reason)


@dataclass(frozen=True, slots=True)
class Report:
    """What a passed check learned: the first address holding data (for the type guess, so the
    app never walks the tree itself) and what was checked."""

    sample: str | None
    node_count: int
    data_records: int


@dataclass(frozen=True, slots=True)
class _Layout:
    node_count: int
    record_size: int
    ip_version: int
    tree_size: int
    data_size: int


def _metadata(buffer: mmap.mmap | bytes) -> tuple[dict[str, object], int]:
    """The metadata map and where its marker starts."""
    size = len(buffer)
    if size == 0:
        raise Refused(message("not a MaxMind DB file (empty file)"))
    start = buffer.rfind(METADATA_MARKER, max(0, size - _METADATA_WINDOW))
    if start < 0:
        raise Refused(message("not a MaxMind DB file (no MaxMind DB metadata found)"))
    try:
        decoder = Decoder(buffer, start + len(METADATA_MARKER))
        value, _ = decoder.decode(start + len(METADATA_MARKER))
    except Exception as exc:  # any failure of hostile bytes is a refusal
        raise Refused(message("not a MaxMind DB file (corrupt or truncated)")) from exc
    if not isinstance(value, dict):
        raise Refused(message("not a MaxMind DB file (corrupt or truncated)"))
    return value, start


def _unsigned(metadata: dict[str, object], key: str) -> int:
    value = metadata.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _damaged(
            message(
                "not a MaxMind DB file (damaged metadata: {key} is missing or not a number)",
                key=key,
            )
        )
    return value


def _layout(metadata: dict[str, object], metadata_start: int) -> _Layout:
    """The sanity rules of step 1."""
    major = _unsigned(metadata, "binary_format_major_version")
    if major != 2:
        raise Refused(message("unsupported MaxMind DB format version {major}", major=major))
    record_size = _unsigned(metadata, "record_size")
    if record_size not in (24, 28, 32):
        raise _damaged(
            message(
                "not a MaxMind DB file (damaged metadata: record size {record_size} is not 24, 28 "
                "or 32)",
                record_size=record_size,
            )
        )
    ip_version = _unsigned(metadata, "ip_version")
    if ip_version not in (4, 6):
        raise _damaged(
            message(
                "not a MaxMind DB file (damaged metadata: IP version {ip_version} is not 4 or 6)",
                ip_version=ip_version,
            )
        )
    node_count = _unsigned(metadata, "node_count")
    tree_size = node_count * record_size // 4
    if node_count == 0:
        raise _damaged(
            message("not a MaxMind DB file (damaged metadata: the search tree has no nodes)")
        )
    if tree_size + _SEPARATOR > metadata_start:
        raise _damaged(
            message(
                "not a MaxMind DB file (damaged metadata: a tree of {node_count} nodes does not "
                "fit in the file)",
                node_count=node_count,
            )
        )
    epoch = _unsigned(metadata, "build_epoch")
    if not _FIRST_EPOCH <= epoch < _LAST_EPOCH:
        raise _damaged(
            message("not a MaxMind DB file (damaged metadata: its build date is out of range)")
        )
    if not isinstance(metadata.get("database_type"), str):
        raise _damaged(
            message("not a MaxMind DB file (damaged metadata: the database type is not text)")
        )
    description = metadata.get("description", {})
    if not isinstance(description, dict) or not all(
        isinstance(key, str) and isinstance(text, str) for key, text in description.items()
    ):
        raise _damaged(
            message("not a MaxMind DB file (damaged metadata: the description is not text)")
        )
    data_size = metadata_start - tree_size - _SEPARATOR
    return _Layout(node_count, record_size, ip_version, tree_size, data_size)


def _records(tree: bytes, record_size: int) -> array[int]:
    """Every record of the tree, left and right of node n at 2n and 2n + 1, unpacked by slice
    assignment (C speed: ~10 ns a record instead of ~300 ns for int.from_bytes)."""
    count = len(tree) * 8 // record_size
    if record_size == 32:
        packed = bytearray(tree)
    else:
        packed = bytearray(4 * count)
        if record_size == 24:
            packed[1::4], packed[2::4], packed[3::4] = tree[0::3], tree[1::3], tree[2::3]
        else:  # 28: 3 bytes of the left record, the middle byte's two nibbles, 3 of the right
            middle = tree[3::7]
            packed[0::8], packed[4::8] = (
                middle.translate(_HIGH_NIBBLE),
                middle.translate(_LOW_NIBBLE),
            )
            packed[1::8], packed[2::8], packed[3::8] = tree[0::7], tree[1::7], tree[2::7]
            packed[5::8], packed[6::8], packed[7::8] = tree[4::7], tree[5::7], tree[6::7]
    records = array("I")
    if records.itemsize != 4:  # pragma: no cover - 'I' is 4 bytes on every supported platform
        records = array("L")
    records.frombytes(packed)
    if sys.byteorder == "little":
        records.byteswap()
    return records


def _ipv4_start(records: array[int], layout: _Layout) -> int:
    """The node the readers start IPv4 look-ups from (and the iterator's alias test)."""
    node = 0
    if layout.ip_version == 6:
        for _ in range(96):
            if node >= layout.node_count:
                break
            node = records[2 * node]
    return node


def _walk(records: array[int], layout: _Layout) -> tuple[dict[int, int], int | None]:
    """Step 2: {data offset: an address leading to it}, and the lowest address holding data.

    Also counts the steps the readers' in-order iterator (``iter(reader)``, which walks every
    path, skipping only the IPv4 aliases) would take: nodes shared by many paths make that
    exponential (the 2**127 paths of the 1 KB DAG), so a tree needing more than a few steps
    per node is refused even where look-ups would work.
    """
    node_count, data_size = layout.node_count, layout.data_size
    bits = 128 if layout.ip_version == 6 else 32
    first_data = node_count + _SEPARATOR
    ipv4_start = _ipv4_start(records, layout)
    limit = _ITERATION_STEPS_PER_NODE * node_count + _ITERATION_STEPS_EXTRA
    steps = 0
    found: dict[int, int] = {}
    lowest: int | None = None
    frontier: dict[int, int] = {0: 0}  # node → an address whose path reaches it
    paths: dict[int, int] = {0: 1}  # node → how many times the iterator arrives there
    for depth in range(bits):
        right_bit = 1 << (bits - depth - 1)
        following: dict[int, int] = {}
        arrivals: dict[int, int] = {}
        for node, address in frontier.items():
            count = paths[node]
            steps += count
            for record, path in (
                (records[2 * node], address),
                (records[2 * node + 1], address | right_bit),
            ):
                if record < node_count:
                    # An IPv4 alias (::ffff:0:0/96, 2002::/16): the iterator skips it.
                    arriving = 0 if record == ipv4_start and path else count
                    if record in following:
                        arrivals[record] = min(arrivals[record] + arriving, limit)
                    else:
                        following[record] = path
                        arrivals[record] = arriving
                elif record >= first_data:
                    offset = record - first_data
                    if offset >= data_size:
                        raise _damaged(
                            message(
                                "not a MaxMind DB file (damaged search tree: a record points past "
                                "the data)"
                            )
                        )
                    if offset not in found:
                        found[offset] = path
                    if lowest is None or path < lowest:
                        lowest = path
                elif record != node_count:
                    raise _damaged(
                        message(
                            "not a MaxMind DB file (damaged search tree: a record points between "
                            "tree and data)"
                        )
                    )
        if steps > limit:
            raise _damaged(
                message(
                    "not a MaxMind DB file (damaged search tree: its nodes are shared by too many "
                    "paths)"
                )
            )
        frontier, paths = following, arrivals
        if not frontier:
            break
    if frontier:
        raise _damaged(
            message("not a MaxMind DB file (damaged search tree: a path is longer than an address)")
        )
    if not found:
        raise Refused(message("the database holds no data"))
    return found, lowest


def _address_text(address: int, ip_version: int) -> str:
    if ip_version == 4:
        return socket.inet_ntop(socket.AF_INET, address.to_bytes(4, "big"))
    return socket.inet_ntop(socket.AF_INET6, address.to_bytes(16, "big"))


def _decode_all(path: str, found: dict[int, int], ip_version: int) -> None:
    """Step 3: every data record through the app's own reader."""
    try:
        reader = maxminddb.open_database(path, maxminddb.MODE_AUTO)
    except Exception as exc:  # any failure of hostile bytes is a refusal
        raise Refused(message("not a MaxMind DB file (corrupt or truncated)")) from exc
    try:
        for address in found.values():
            reader.get(_address_text(address, ip_version))
    except UnicodeDecodeError as exc:
        raise _damaged(
            message("not a MaxMind DB file (damaged data: a text is not UTF-8)")
        ) from exc
    except MemoryError as exc:
        raise _damaged(
            message("not a MaxMind DB file (damaged data: a record is too large to read)")
        ) from exc
    except Exception as exc:  # any failure of hostile bytes is a refusal
        raise _damaged(
            message("not a MaxMind DB file (damaged data: a record cannot be read)")
        ) from exc
    finally:
        reader.close()


def check(fd: int, path: str) -> Report:
    """Check the regular file open on ``fd`` (``path`` reopens the same file for the reader)."""
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise Refused(message("not a regular file"))
    if info.st_size == 0:
        raise Refused(message("not a MaxMind DB file (empty file)"))
    with mmap.mmap(fd, 0, access=mmap.ACCESS_READ) as buffer:
        metadata, start = _metadata(buffer)
        layout = _layout(metadata, start)
        records = _records(buffer[: layout.tree_size], layout.record_size)
    found, lowest = _walk(records, layout)
    del records
    _decode_all(path, found, layout.ip_version)
    sample = None if lowest is None else _address_text(lowest, layout.ip_version)
    return Report(sample=sample, node_count=layout.node_count, data_records=len(found))


def _limit_memory(file_size: int) -> None:
    try:
        import resource  # POSIX only

        limit = _MEMORY_BASE + 3 * file_size
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not POSIX, or not allowed
        pass


def _refusal(reason: Reason) -> dict[str, object]:
    """The answer for a refused file: the reason's template and values, for the parent."""
    template, values = reason
    return {"ok": False, "reason": template, "values": values}


def main(argv: list[str]) -> int:
    """``vet_child FD``: check the file open on descriptor FD, print the verdict as JSON."""
    fd = int(argv[0])
    path = f"/dev/fd/{fd}"
    try:
        _limit_memory(os.fstat(fd).st_size)
        report = check(fd, path)
        answer: dict[str, object] = {"ok": True, "sample": report.sample}
    except Refused as refusal:
        answer = _refusal(refusal.reason)
    except (OSError, ValueError) as exc:
        answer = _refusal(message("cannot be read ({error})", error=type(exc).__name__))
    except (MemoryError, RecursionError) as exc:
        answer = _refusal(message("too complex to check ({error})", error=type(exc).__name__))
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
