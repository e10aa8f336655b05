#!/bin/sh
# System tools some tests use (network namespaces, desktop-file validators, the SVG rasteriser,
# poppler's PDF tools and Chromium for the reports, an X server for the tray). Installed when we
# are root with apt; otherwise the tests that need them skip with the reason.
missing=""
command -v ip >/dev/null 2>&1 || missing="$missing iproute2"
command -v desktop-file-validate >/dev/null 2>&1 || missing="$missing desktop-file-utils"
command -v appstreamcli >/dev/null 2>&1 || missing="$missing appstream"
command -v rsvg-convert >/dev/null 2>&1 || missing="$missing librsvg2-bin"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
# The real system tray test (tests/ui/test_tray_desktop.py): an X server, its client library, xdotool.
command -v Xvfb >/dev/null 2>&1 || missing="$missing xvfb"
command -v xdotool >/dev/null 2>&1 || missing="$missing xdotool"
ldconfig -p 2>/dev/null | grep -q 'libX11.so.6' || missing="$missing libx11-6"
# WeasyPrint (PDF reports) warns without HarfBuzz's subsetter, and the tests turn warnings into errors.
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || missing="$missing libharfbuzz-subset0"
ldconfig -p 2>/dev/null | grep -q libpangoft2 || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
# A real IMAP server for the mail-routes-from-an-account tests (tests/fixtures/dovecot.py starts
# its own, on loopback; the Debian service itself is never started by the tests).
command -v dovecot >/dev/null 2>&1 || missing="$missing dovecot-imapd"
fc-list 2>/dev/null | grep -q . || missing="$missing fonts-dejavu-core"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing test system packages:$missing"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing) >/dev/null 2>&1 \
        || echo "Could not install$missing; tests that need them will be skipped."
else
    echo "Not root or no apt: missing$missing; tests that need them will be skipped."
fi
exit 0
