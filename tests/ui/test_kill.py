"""Kill the window at random moments: every edit it showed as saved is in the store afterwards, the
store passes SQLite's integrity check and opens again — also with the stale lock file and the WAL
the previous kill left behind, since all runs share one store.

The window runs in a child process (kill_child.py) that types through the real widgets and logs
each edit once the window reports it saved. Most runs are killed 0.5–3 s after the window is up;
every fifth run within its first 0.45 s, while it is still starting.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.paths import DataPaths, data_paths
from storage.database import integrity_problems, open_store
from storage.seed import create_from_seed, demo_seed
from storage.templates import TemplateRegistry
from tests.conftest import REPO_ROOT
from tests.ui.helpers import goal_is_live, stored_row, stored_value

CHILD = Path(__file__).with_name("kill_child.py")
RUNS = int(os.environ.get("AFTALER_KILL_RUNS", "50"))
#: the brief is "shown as saved one second ago"; the log is written after the save, so all must be there
SAVED_AGO = 1.0
READY_TIMEOUT = 30.0
BAD_EVENTS = {"asked", "stuck", "extra save", "no cell editor"}


@dataclass
class Entry:
    at: float
    record: dict[str, Any]


def read_log(path: Path) -> list[Entry]:
    """Complete lines only: the kill may cut the last one short."""
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").split("\n")[:-1]:
        at, _, record = line.partition("\t")
        entries.append(Entry(float(at), json.loads(record)))
    return entries


def is_ready(log: Path) -> bool:
    return log.exists() and '"event": "ready"' in log.read_text(encoding="utf-8")


def problem_with(store: Path, record: dict[str, Any]) -> str | None:
    """Why the store does not hold this logged edit (None if it does)."""
    kind = record.get("kind")
    if kind == "value":
        now = stored_value(store, record["owner"], record["field"])
        if not isinstance(now, str) or not now.startswith(record["value"]):
            return f"value now {now!r}"
    elif kind == "row":
        row = stored_row(store, record["uuid"])
        if row is None or row["deleted"] or (row["owner"], row["field"]) != (record["owner"], record["field"]):
            return f"row now {row!r}"
        if not row["data"]["text"].startswith(record["data"]["text"]):
            return f"row text now {row['data']!r}"
    elif kind == "goal":
        if not goal_is_live(store, record["uuid"]):
            return "goal missing"
    return None


def start_child(paths: DataPaths, log: Path, err: Path, seed: int, *mode: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with err.open("wb") as stderr:
        return subprocess.Popen([sys.executable, str(CHILD), str(paths.root), str(log), str(seed), *mode],
                                cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)


def wait_until_ready(child: subprocess.Popen[bytes], log: Path, where: str) -> None:
    started = time.monotonic()
    try:
        while not is_ready(log):
            assert child.poll() is None, f"the child ended by itself: {where}"
            assert time.monotonic() - started < READY_TIMEOUT, f"no window: {where}"
            time.sleep(0.02)
    except AssertionError:
        child.kill()
        child.wait()
        raise


def kill_at(child: subprocess.Popen[bytes], moment: float, where: str) -> float:
    """SIGKILL the child at ``moment`` (monotonic); returns when it was sent."""
    try:
        while time.monotonic() < moment:
            assert child.poll() is None, f"the child ended by itself: {where}"
            time.sleep(0.01)
        killed_at = time.monotonic()
        child.send_signal(signal.SIGKILL)
        return killed_at
    finally:
        child.kill()
        child.wait()


def one_run(run: int, paths: DataPaths, folder: Path, rng: random.Random, counts: Counter[str]) -> None:
    log, err = folder / f"run-{run:02d}.log", folder / f"run-{run:02d}.err"
    seed = rng.randrange(1_000_000)
    child = start_child(paths, log, err, seed)
    where = f"run {run} (seed {seed}); log {log}, stderr {err}"
    if run % 5 == 0:  # start-up takes ~0.4 s: these kills land in it (lock, check, backup, window)
        moment = time.monotonic() + rng.uniform(0.05, 0.45)
    else:
        wait_until_ready(child, log, where)
        moment = time.monotonic() + rng.uniform(0.5, 3.0)
    killed_at = kill_at(child, moment, where)

    entries = read_log(log)
    events = [e.record["event"] for e in entries if "event" in e.record]
    assert not BAD_EVENTS & set(events), f"{events}: {where}"
    counts["ready" if "ready" in events else "killed in start-up"] += 1
    assert integrity_problems(paths.store) == [], where
    open_store(paths.store).close()  # opens (and recovers the WAL)
    for entry in entries:
        if "kind" not in entry.record:
            continue
        problem = problem_with(paths.store, entry.record)
        assert problem is None, f"{entry.record} saved {killed_at - entry.at:.2f} s before the kill: {problem}; {where}"
        counts["edits checked"] += 1
        counts[f"saved ≥ {SAVED_AGO:g} s before the kill"] += entry.at < killed_at - SAVED_AGO


def test_killing_the_window_loses_no_saved_edit(tmp_path: Path, registry: TemplateRegistry) -> None:
    paths = data_paths(tmp_path / "data")
    store = open_store(paths.store)
    create_from_seed(store, registry, demo_seed())
    store.close()
    rng = random.Random(int(os.environ.get("AFTALER_KILL_SEED", "2008")))
    counts: Counter[str] = Counter()
    for run in range(RUNS):
        one_run(run, paths, tmp_path, rng, counts)
    print(dict(counts))
    assert counts["ready"] >= RUNS // 2
    assert counts["edits checked"] >= 5 * RUNS
    assert counts[f"saved ≥ {SAVED_AGO:g} s before the kill"] >= RUNS


STEADY_RUNS = int(os.environ.get("AFTALER_STEADY_KILL_RUNS", "12"))
#: the README's promise: what is typed reaches the store within a second, even while typing goes on
STORED_WITHIN = 1.0


def test_a_steady_typist_loses_at_most_the_last_second(tmp_path: Path, registry: TemplateRegistry) -> None:
    """The child types a key every 80 ms and never pauses; it is killed after 1.5–6 s of typing.
    Everything on screen one second before the kill must be in the store."""
    paths = data_paths(tmp_path / "data")
    store = open_store(paths.store)
    create_from_seed(store, registry, demo_seed())
    store.close()
    rng = random.Random(int(os.environ.get("AFTALER_KILL_SEED", "2008")))
    worst = 0.0
    for run in range(STEADY_RUNS):
        log, err = tmp_path / f"steady-{run:02d}.log", tmp_path / f"steady-{run:02d}.err"
        seed = rng.randrange(1_000_000)
        where = f"steady run {run} (seed {seed}); log {log}, stderr {err}"
        child = start_child(paths, log, err, seed, "steady")
        wait_until_ready(child, log, where)
        killed_at = kill_at(child, time.monotonic() + rng.uniform(1.5, 6.0), where)
        typed = [e for e in read_log(log) if e.record.get("kind") == "typed"]
        assert len(typed) >= 10, f"too few keystrokes to judge: {where}"
        assert integrity_problems(paths.store) == [], where
        stored = stored_value(paths.store, typed[0].record["owner"], "objective")
        assert isinstance(stored, str), where
        due = [e for e in typed if e.at <= killed_at - STORED_WITHIN]
        assert due, f"the kill came too early to judge: {where}"
        assert stored.startswith(due[-1].record["value"]), (
            f"typed {killed_at - due[-1].at:.2f} s before the kill, but not stored: "
            f"{due[-1].record['value'][-40:]!r} vs {stored[-40:]!r}; {where}")
        # the oldest keystroke whose text is not (yet) in the store: the loss a kill caused
        unsaved = next((e for e in typed if not stored.startswith(e.record["value"])), None)
        if unsaved is not None:
            worst = max(worst, killed_at - unsaved.at)
    print(f"steady typing: worst loss {worst:.2f} s of typing over {STEADY_RUNS} kills")
    assert worst < STORED_WITHIN
