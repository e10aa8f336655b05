"""`datalocator locate`: placeholder until its owner lands it."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("locate", help="(not available yet)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    print("datalocator locate: not available yet", file=sys.stderr)
    return 2
