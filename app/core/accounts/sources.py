"""Where a window's accounts come from: this user's programs and DNS, or the demo persona's.

The window shows whichever it is given, so a workshop's demo lists its persona's mail and photos,
never the presenter's, and a replayed recording lists none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.core.accounts.model import Problem
from app.core.accounts.placing import Pending, pending_accounts
from app.core.accounts.processes import running_process_names
from app.core.accounts.userdirs import UserDirs
from app.core.dns.forward import Dns, DnsClient, NoDns
from app.core.i18n import message
from app.core.settings import Settings

Lister = Callable[[tuple[str, ...]], tuple[tuple[Pending, ...], tuple[Problem, ...]]]


@dataclass(frozen=True, slots=True)
class AccountsSource:
    list_pending: Lister  # the settings' entries → the accounts to place (quick: no DNS)
    dns_for: Callable[[Settings], Dns]
    editable: bool = True  # whether the user may add and remove entries here


def settings_dns(settings: Settings) -> Dns:
    """The DNS the settings allow: their server or the system's, or none when turned off."""
    if not settings.reverse_dns:
        return NoDns(message("DNS is turned off in the settings"))
    return DnsClient(settings.dns_server)


def live_accounts(
    user_dirs: Callable[[], UserDirs] = UserDirs.from_environment,
    processes: Callable[[], Iterable[str]] = running_process_names,
    dns_for: Callable[[Settings], Dns] = settings_dns,
) -> AccountsSource:
    """This user's accounts: their programs' files (read when listed), the sync clients seen
    running, and their entries."""

    def listing(entries: tuple[str, ...]) -> tuple[tuple[Pending, ...], tuple[Problem, ...]]:
        return pending_accounts(user_dirs(), entries, processes())

    return AccountsSource(listing, dns_for)


LIVE_ACCOUNTS = live_accounts()
