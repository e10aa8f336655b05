"""What changed between two snapshots, keyed on ``Observation.key`` (the same socket of the
same process)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.core.i18n import Message
from app.core.model import Observation

Key = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class ConnectionDiff:
    new: tuple[Observation, ...]
    closed: tuple[Observation, ...]
    unchanged: tuple[Observation, ...]
    skipped: tuple[Message, ...] = ()  # what could not be read, in words

    @property
    def current(self) -> tuple[Observation, ...]:
        return self.new + self.unchanged


def by_key(observations: Iterable[Observation]) -> dict[Key, Observation]:
    """Observations by key; a socket reported twice counts once (the first report)."""
    current: dict[Key, Observation] = {}
    for obs in observations:
        current.setdefault(obs.key, obs)
    return current


def diff_observations(
    previous: Mapping[Key, Observation],
    current: Mapping[Key, Observation],
    skipped: tuple[Message, ...] = (),
) -> ConnectionDiff:
    return ConnectionDiff(
        new=tuple(obs for key, obs in current.items() if key not in previous),
        closed=tuple(obs for key, obs in previous.items() if key not in current),
        unchanged=tuple(obs for key, obs in current.items() if key in previous),
        skipped=skipped,
    )
