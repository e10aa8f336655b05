"""Child process for tests/ui/test_tray_desktop.py: the smallest system tray host an X server
can have, and a window manager's close button.

It owns the ``_NET_SYSTEM_TRAY_S0`` selection (what Qt's X11 tray looks for: the System Tray
Protocol), prints ``owned``, then reads commands on stdin: ``close WINDOW`` sends that window
the ``WM_DELETE_WINDOW`` message a window manager sends when its × is clicked, and prints
``closed``. It docks nothing: Qt only needs a tray to exist. Talks to libX11 through ctypes (no
Python X binding in the test dependencies).
"""

from __future__ import annotations

import ctypes
import sys

CLIENT_MESSAGE = 33


class ClientMessage(ctypes.Structure):
    _fields_ = (
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    )


class Event(ctypes.Union):
    _fields_ = (("client", ClientMessage), ("pad", ctypes.c_long * 24))


def main() -> int:
    x11 = ctypes.CDLL("libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x11.XCreateSimpleWindow.restype = ctypes.c_ulong
    x11.XCreateSimpleWindow.argtypes = [
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_uint,
        ctypes.c_uint,
        ctypes.c_uint,
        ctypes.c_ulong,
        ctypes.c_ulong,
    ]
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x11.XSetSelectionOwner.argtypes = [
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_ulong,
        ctypes.c_ulong,
    ]
    x11.XSendEvent.argtypes = [
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_int,
        ctypes.c_long,
        ctypes.POINTER(Event),
    ]
    x11.XFlush.argtypes = [ctypes.c_void_p]

    display = x11.XOpenDisplay(None)
    if not display:
        print("no display", flush=True)
        return 1
    root = x11.XDefaultRootWindow(display)
    owner = x11.XCreateSimpleWindow(display, root, 0, 0, 1, 1, 0, 0, 0)
    tray = x11.XInternAtom(display, b"_NET_SYSTEM_TRAY_S0", 0)
    x11.XSetSelectionOwner(display, tray, owner, 0)
    x11.XFlush(display)
    print("owned", flush=True)

    protocols = x11.XInternAtom(display, b"WM_PROTOCOLS", 0)
    delete = x11.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
    for line in sys.stdin:
        command, _space, argument = line.strip().partition(" ")
        if command != "close":
            continue
        event = Event()
        event.client.type = CLIENT_MESSAGE
        event.client.window = int(argument)
        event.client.message_type = protocols
        event.client.format = 32
        event.client.data[0] = delete
        event.client.data[1] = 0  # CurrentTime
        x11.XSendEvent(display, int(argument), 0, 0, ctypes.byref(event))
        x11.XFlush(display)
        print("closed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
