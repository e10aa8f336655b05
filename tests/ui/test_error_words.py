"""Errors reach people in plain words; the technical detail is folded under "Details"."""

from __future__ import annotations

import errno
import re
import socket
from typing import Any

import pytest

from app.core.i18n import TranslatableError, message
from app.ui.banner import Banner
from app.ui.error_words import plain_error, report_error

# What must never be in a sentence shown to people: errno numbers, class names, Python's words.
_TECHNICAL = re.compile(r"Errno|gaierror|Error\b|Exception|\[|Traceback|\.py\b")


def _raised(error: BaseException) -> BaseException:
    """The error as a task hands it over: raised, so it carries a traceback."""
    try:
        raise error
    except BaseException as caught:  # noqa: BLE001 - the test wants any error back
        return caught


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "looked up"),
        (OSError(errno.ENOSPC, "No space left on device"), "no space left on the disk"),
        (OSError(errno.EHOSTUNREACH, "No route to host"), "No route to host"),
        (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"), "refused"),
        (TimeoutError("timed out"), "in time"),
        (OSError("something odd"), "system refused"),
        (KeyError("oops"), "unexpected"),
    ],
)
def test_errors_are_said_in_plain_words_with_details_folded(
    qtbot: Any, caplog: pytest.LogCaptureFixture, error: BaseException, expected: str
) -> None:
    banner = Banner()
    qtbot.addWidget(banner)
    banner.show()
    words = report_error("testing", _raised(error), "en")
    banner.show_error("The thing could not be done.", words)

    shown = banner.text()
    assert expected in shown
    assert not _TECHNICAL.search(shown), shown
    assert type(error).__name__ not in shown
    # The detail is there, folded: the class and Python's own text, shown only on demand.
    assert type(error).__name__ in banner.details
    assert str(error) in banner.details
    assert banner.details_button.isVisible()
    assert not banner.details_label.isVisible()
    banner.details_button.click()
    assert banner.details_label.isVisible()
    # ...and in the log, with its traceback.
    assert any(record.exc_info and record.exc_info[1] is not None for record in caplog.records)
    banner.dismiss()
    assert not banner.details and banner.details_button.isHidden()


def test_a_translatable_error_keeps_its_own_sentence() -> None:
    error = TranslatableError(message("the file {name} is empty", name="a.mmdb"))
    words = plain_error(error, "en")
    assert words.text == "The file a.mmdb is empty"
    assert "TranslatableError" in words.details


def test_a_plain_message_has_no_details_fold(qtbot: Any) -> None:
    banner = Banner()
    qtbot.addWidget(banner)
    banner.show()
    banner.show_message("Just so you know.")
    assert banner.details_button.isHidden()
