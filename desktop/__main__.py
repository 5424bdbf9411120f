"""``python -m desktop`` (and the ``aftaler`` script): the window, or a command."""

from __future__ import annotations

from desktop.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
