"""Allow ``python -m newsgate``."""

from newsgate.cli import main

raise SystemExit(main())
