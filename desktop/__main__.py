"""``python -m desktop`` (and the ``aftaler`` script): the window, or a command."""

from __future__ import annotations

from desktop import collector

collector.pause()  # until a command starts or the window has painted (desktop.collector)

from desktop.cli import main  # noqa: E402 — after the pause: the imports are most of the start

if __name__ == "__main__":
    raise SystemExit(main())
