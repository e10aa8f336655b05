"""`python -m app` behaves exactly like the `datalocator` command."""

from app.cli import main

raise SystemExit(main())
