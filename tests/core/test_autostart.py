"""Start at login: the XDG autostart entry written to a folder the test owns, read back as a
desktop entry (its Exec split by the spec's rules, written here independently of the app),
removed, and each step done twice (idempotent)."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

from app.core.autostart import (
    BACKGROUND_OPTION,
    FILE_NAME,
    Autostart,
    AutostartError,
    default_command,
    entry_text,
    exec_value,
    quote_exec_argument,
    user_autostart,
    xdg_autostart_dir,
)

# The Desktop Entry spec's string escapes, undone before the Exec quoting is.
_UNESCAPE = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}


def _unescape_string(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append(_UNESCAPE[following])
        else:
            out.append(char)
    return "".join(out)


def split_exec(value: str) -> list[str]:
    """An Exec value as the spec reads it: string escapes, then quoted arguments (inside
    double quotes a backslash escapes ``"`$\\``), then ``%%`` → ``%``."""
    text = _unescape_string(value)
    arguments: list[str] = []
    current: list[str] = []
    in_argument = quoted = False
    index = 0
    while index < len(text):
        char = text[index]
        if quoted:
            if char == "\\" and text[index + 1] in '"`$\\':
                current.append(text[index + 1])
                index += 1
            elif char == '"':
                quoted = False
            else:
                current.append(char)
        elif char == '"':
            quoted = in_argument = True
        elif char == " ":
            if in_argument:
                arguments.append("".join(current))
                current, in_argument = [], False
        else:
            assert char not in "\t\n\"'\\><~|&;$*?#()`", f"unquoted reserved {char!r}"
            current.append(char)
            in_argument = True
        index += 1
    assert not quoted, "an unterminated quote"
    if in_argument:
        arguments.append("".join(current))
    return [argument.replace("%%", "%") for argument in arguments]


def read_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def test_the_entry_is_written_read_back_and_removed(tmp_path: Path) -> None:
    command = ("/opt/Data Locator/bin/datalocator-gui", BACKGROUND_OPTION)
    autostart = Autostart(tmp_path / "config" / "autostart", command)
    assert not autostart.is_enabled()

    autostart.enable()
    assert autostart.path == tmp_path / "config" / "autostart" / FILE_NAME
    entry = read_entry(autostart.path)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "DataLocator"
    assert entry["Exec"] == '"/opt/Data Locator/bin/datalocator-gui" --background'
    assert split_exec(entry["Exec"]) == list(command)
    assert entry["Comment[fr]"] != entry["Comment"]  # each language in its words
    assert autostart.is_enabled()
    assert oct(autostart.path.stat().st_mode & 0o777) == "0o644"

    autostart.enable()  # again: the same file, nothing left beside it
    assert [p.name for p in autostart.directory.iterdir()] == [FILE_NAME]
    assert split_exec(read_entry(autostart.path)["Exec"]) == list(command)

    autostart.disable()
    assert not autostart.path.exists() and not autostart.is_enabled()
    autostart.disable()  # again: nothing to remove is not an error
    assert not autostart.path.exists()


@pytest.mark.parametrize(
    "argument",
    [
        "/home/léa/my apps/datalocator-gui",
        '/tmp/a"quote',
        "/tmp/back\\slash and $HOME and `tick`",
        "/tmp/100%",
        "/tmp/tab\there",
        "/tmp/new\nline",
        "/tmp/semi;colon&amp|pipe>(x)*?#~'",
        "plain",
    ],
)
def test_any_path_survives_the_exec_quoting(argument: str) -> None:
    value = exec_value((argument, BACKGROUND_OPTION))
    assert "\n" not in value and "\t" not in value  # one line in the file
    assert split_exec(value) == [argument, BACKGROUND_OPTION]


def test_quoting_follows_the_spec_examples() -> None:
    assert quote_exec_argument("datalocator-gui") == "datalocator-gui"
    assert quote_exec_argument("/a b") == '"/a b"'
    assert quote_exec_argument('a"b') == '"a\\"b"'
    assert quote_exec_argument("50%") == "50%%"
    # A backslash: escaped by the quoting, then again by the string escapes (the spec's four).
    assert exec_value(["a\\b"]) == '"a\\\\\\\\b"'


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed"
)
def test_the_entry_passes_desktop_file_validate(tmp_path: Path) -> None:
    autostart = Autostart(tmp_path, ("/opt/My $Apps/datalocator-gui", BACKGROUND_OPTION))
    autostart.enable()
    result = subprocess.run(
        ["desktop-file-validate", str(autostart.path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.casefold(), result.stdout


def test_an_entry_switched_off_by_the_desktop_reads_as_off(tmp_path: Path) -> None:
    autostart = Autostart(tmp_path, ("datalocator-gui", BACKGROUND_OPTION))
    autostart.enable()
    text = autostart.path.read_text(encoding="utf-8")
    autostart.path.write_text(
        text.replace("X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false"),
        encoding="utf-8",
    )
    assert not autostart.is_enabled()
    autostart.path.write_text(text + "Hidden=true\n", encoding="utf-8")
    assert not autostart.is_enabled()
    autostart.path.write_text("not a desktop entry at all [", encoding="utf-8")
    assert not autostart.is_enabled()


def test_a_folder_that_cannot_be_made_is_one_error(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    autostart = Autostart(blocked / "autostart", ("datalocator-gui",))
    with pytest.raises(AutostartError) as raised:
        autostart.enable()
    assert "start-at-login entry" in str(raised.value)
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())


def test_a_path_that_is_not_text_is_refused_in_words(tmp_path: Path) -> None:
    autostart = Autostart(tmp_path, ("/opt/\udcff/datalocator-gui",))
    with pytest.raises(AutostartError) as raised:
        autostart.enable()
    assert "\\xff" in str(raised.value)
    assert not autostart.path.exists()


def test_the_folder_follows_xdg_config_home(tmp_path: Path) -> None:
    assert xdg_autostart_dir({"XDG_CONFIG_HOME": str(tmp_path / "cfg"), "HOME": "/h"}) == (
        tmp_path / "cfg" / "autostart"
    )
    # Unset or relative: ~/.config, as the Base Directory spec says.
    assert xdg_autostart_dir({"HOME": "/h"}) == Path("/h/.config/autostart")
    assert xdg_autostart_dir({"XDG_CONFIG_HOME": "rel", "HOME": "/h"}) == Path(
        "/h/.config/autostart"
    )


def test_start_at_login_is_offered_on_xdg_desktops_only(tmp_path: Path) -> None:
    environ = {"XDG_CONFIG_HOME": str(tmp_path)}
    found = user_autostart(environ, platform="linux")
    assert found is not None and found.directory == tmp_path / "autostart"
    assert found.command[-1] == BACKGROUND_OPTION
    assert user_autostart(environ, platform="win32") is None
    assert user_autostart(environ, platform="darwin") is None
    # The test suite's guard: never the real user's folder.
    assert user_autostart({**environ, "DATALOCATOR_NO_USER_DIRS": "1"}, platform="linux") is None


def test_the_command_starts_this_installation(tmp_path: Path) -> None:
    python = tmp_path / "venv" / "bin" / "python3"
    python.parent.mkdir(parents=True)
    python.touch()
    assert default_command(str(python)) == (str(python), "-m", "app", BACKGROUND_OPTION)
    (python.parent / "datalocator-gui").touch()
    assert default_command(str(python)) == (
        str(python.parent / "datalocator-gui"),
        BACKGROUND_OPTION,
    )


def test_the_entry_text_is_one_key_per_line() -> None:
    text = entry_text(("/a\nb",))
    assert text.startswith("[Desktop Entry]\n") and text.endswith("\n")
    assert all("=" in line for line in text.splitlines()[1:])
