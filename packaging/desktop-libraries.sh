#!/bin/sh
# `make run`: the system libraries Qt's X11 plugin needs (PySide6 wheels do not bundle them).
# Installed when we are root with apt; otherwise the launcher names them in one line.
[ -n "$DISPLAY" ] || exit 0
packages=$("$1" -m app.ui.system_libraries) || exit 0
[ -n "$packages" ] || exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing the X11 libraries Qt needs: $packages"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages) >/dev/null 2>&1 \
        || echo "Could not install $packages."
fi
exit 0
