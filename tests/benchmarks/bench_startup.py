"""Start-up of the window at two store sizes (300 and 1,500 agreements × 15 goals), next to a bare window.

    python tests/benchmarks/bench_startup.py [--sizes 300 1500] [--goals 15] [--runs 5] [--data DIR] [--switches 20]
                                             [--instructions]

Each figure comes from a fresh process, timed from spawning it: ``python -c`` showing a bare PySide6
QMainWindow, and ``python -m desktop`` started as from the program's icon (no arguments; the store's
folder in AFTALER_DATA_DIR) with AFTALER_QUIT_AFTER=paint (the window prints
the time once it is painted with the last agreement open, and quits). The two are interleaved in one
run, so the ratio shows what Aftaler adds to Qt itself on the same machine at the same moment. One
more start per store runs until the full check and the start-up backup (in the background) are done.
The stores are built once in --data (kept). Both run from compiled bytecode, as installed programs do
(:func:`child_env`). With --instructions, callgrind also counts the instructions each runs until the first
paint: a figure that does not move with the machine's load. Prints the machine, figures and ratios;
asserts nothing.
"""

from __future__ import annotations

import time

STARTED = time.time()  # noqa: E402 — as early as a module can look at the clock

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))
from desktop.paths import DATA_DIR_ENV  # noqa: E402 — the folder the window uses without arguments

TARGETS = {"window": 1.5, "switch_ms": 150.0, "rss_mb": 300.0}
UNITS = ["IT-staben", "HR-staben", "EPO-staben", "Økonomistaben", "Fællessekretariatet", "Ældreplejen",
         "Skoleområdet", "Dagtilbud", "Teknik og Miljø", "Borgerservice"]
WORDS = ("aftaleholderen", "målsætning", "sygefravær", "kerneydelse", "borgeren", "effektivisere", "digitalisering",
         "serviceportal", "handleplan", "økonomi", "direktionen", "kvartal", "opfølgning", "trivsel")


# --- the store ------------------------------------------------------------------------------------

def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def generate_store(path: Path, agreements: int, goals: int) -> None:
    """``agreements`` agreements of the Faaborg-Midtfyn template, ``goals`` filled-in goals each;
    one transaction per agreement, through the storage functions."""
    from storage import edits
    from storage.agreements import insert_agreement
    from storage.database import open_store
    from storage.templates import load_registry

    template = load_registry().get("faaborg-midtfyn")
    assert template is not None
    kinds = [k.id for k in template.goal_kinds]
    rng = random.Random(2008)
    store = open_store(path)
    for n in range(agreements):
        unit = f"{UNITS[n % len(UNITS)]} {n // (3 * len(UNITS)) + 1}"
        with store.write() as conn:
            uuid = insert_agreement(conn, template, unit, 2007 + n % 3)
            for section in conn.execute("SELECT uuid FROM sections WHERE agreement_uuid = ?", (uuid,)).fetchall():
                edits.write_value(conn, uuid, section[0], "text", _text(rng, 120))
            for position in range(goals):
                kind = kinds[position % len(kinds)]
                goal = edits.insert_goal(conn, uuid, kind, position // len(kinds))
                edits.write_value(conn, uuid, goal, "title", _text(rng, 6))
                edits.write_value(conn, uuid, goal, "responsible_unit", unit)
                edits.write_value(conn, uuid, goal, "objective", _text(rng, 90))
                edits.write_value(conn, uuid, goal, "budget", {"amount": rng.randrange(10**7), "text": _text(rng, 8)})
                for field in ("sub_goals", "success_criteria"):
                    for i in range(4):
                        edits.insert_row(conn, uuid, goal, field, i, {"text": _text(rng, 25)})
                for i in range(3):
                    edits.insert_row(conn, uuid, goal, "action_plan", i, {
                        "activity": _text(rng, 15), "responsible": unit, "deadline": f"{i + 1}. kvartal",
                        "status": ""})
    store.close()


# --- the children ------------------------------------------------------------------------------------

def child_bare() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 820)
    window.show()

    def probe() -> None:
        handle = window.windowHandle()
        if handle is None or not handle.isExposed():
            QTimer.singleShot(0, probe)
            return
        app.processEvents()
        print(json.dumps({"started": STARTED, "shown": time.time()}), flush=True)
        app.quit()

    QTimer.singleShot(0, probe)
    app.exec()


def child_window(data_dir: Path, full_start: bool, switches: int) -> None:
    """``full_start``: desktop.gui.run_gui (lock, integrity check, start-up backup, window) as the
    application does; otherwise only the store and the window, as the tests build it."""
    import psutil
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop import gui
    from desktop.paths import data_paths
    from storage.database import open_store
    from storage.templates import load_registry
    from ui.main_window import MainWindow

    paths = data_paths(data_dir)
    app = QApplication(sys.argv[:1])
    out: dict[str, Any] = {"started": STARTED}

    def measure(window: MainWindow) -> None:
        out["shown"] = time.time()
        process = psutil.Process()
        out["rss_mb"] = process.memory_info().rss / 2**20
        uuids = [u for u in window.agreements.visible_uuids() if window.doc and u != window.doc.uuid]
        times = []
        for uuid in random.Random(1).sample(uuids, min(switches, len(uuids))):
            start = time.perf_counter()
            window.open_agreement(uuid)
            app.processEvents()  # the repaint belongs to the switch
            times.append((time.perf_counter() - start) * 1000)
        out["switch_ms"] = times
        out["rss_after_switches_mb"] = process.memory_info().rss / 2**20
        out["modules"] = sorted(name for name in sys.modules if name.split(".")[0] in ("ui", "desktop"))
        print(json.dumps(out), flush=True)
        window.close()
        app.quit()

    def probe() -> None:
        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
        window = windows[0] if windows else None
        handle = window.windowHandle() if window else None
        ready = (window is not None and handle is not None and handle.isExposed() and window.tree_model is not None
                 and window.tree_model.rowCount() > 0)
        if not ready:
            QTimer.singleShot(0, probe)
            return
        assert window is not None
        app.processEvents()
        measure(window)

    QTimer.singleShot(0, probe)
    if full_start:
        gui.run_gui(paths, argv=sys.argv[:1])
        return
    store = open_store(paths.store)
    settings = QSettings(str(paths.settings), QSettings.Format.IniFormat)
    window = MainWindow(store, load_registry(), settings, backup_dir=paths.backups)
    window.show()
    window.agreements.refresh()
    window.open_last()
    app.exec()
    store.close()


# --- the parent ---------------------------------------------------------------------------------

def child_env(**extra: str) -> dict[str, str]:
    """The children run as an installed program does: from compiled bytecode (pip and PyInstaller ship
    it), so PYTHONDONTWRITEBYTECODE is dropped and the packages are compiled before the run."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"), **extra}


def compile_packages() -> None:
    import compileall

    for package in ("desktop", "ui", "storage", "exporters"):
        compileall.compile_dir(REPO_ROOT / package, quiet=1)


def spawn(*args: str) -> dict[str, Any]:
    env = child_env()
    spawned = time.time()
    done = subprocess.run([sys.executable, __file__, "--child", *args], env=env, cwd=REPO_ROOT,
                          capture_output=True, text=True, check=False, timeout=300)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"child {args} failed ({done.returncode}):\n{done.stderr}")
    result: dict[str, Any] = json.loads(lines[-1])
    result["from_spawn"] = result["shown"] - spawned
    result["in_process"] = result["shown"] - result["started"]
    return result


def figures(name: str, results: list[dict[str, Any]], target: float | None = None) -> float:
    spawn_times = [r["from_spawn"] for r in results]
    inside = [r["in_process"] for r in results]
    median = statistics.median(spawn_times)
    note = f"   target < {target:g} s: {'ok' if median < target else 'MISSED'}" if target else ""
    print(f"{name:<40} median {median:6.3f} s  min {min(spawn_times):6.3f}  max {max(spawn_times):6.3f}"
          f"   (in the process {statistics.median(inside):.3f} s){note}")
    return median


BARE = """
import json, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 820)
window.show()
def probe():
    handle = window.windowHandle()
    if handle is None or not handle.isExposed():
        QTimer.singleShot(0, probe)
        return
    app.processEvents()
    print(json.dumps({"shown": time.time()}), flush=True)
    app.quit()
QTimer.singleShot(0, probe)
app.exec()
"""


def qt_names(modules: list[str]) -> dict[str, list[str]]:
    """Every PySide6 name the given modules (those loaded when the window has shown) import, by PySide6 module."""
    import ast

    names: dict[str, set[str]] = {}
    for module in modules:
        path = REPO_ROOT.joinpath(*module.split("."))
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6."):
                names.setdefault(node.module or "", set()).update(alias.name for alias in node.names)
    return {module: sorted(found) for module, found in sorted(names.items())}


#: the bare window, after importing the PySide6 classes that the modules loaded at Aftaler's first paint
#: import: PySide6 makes a class's Python enums when the class is first imported — Qt's share of the start
QT_CLASSES = """
import importlib, json, sys
for module, names in json.loads(sys.argv[1]).items():
    loaded = importlib.import_module(module)
    for name in names:
        getattr(loaded, name)
""" + BARE


def spawn_process(command: list[str], extra_env: dict[str, str]) -> dict[str, Any]:
    """A fresh process; ``seconds`` from spawning it to the ``shown`` (or ``checked``) time it prints."""
    env = child_env(**extra_env)
    spawned = time.time()
    done = subprocess.run(command, env=env, cwd=REPO_ROOT, capture_output=True, text=True, check=False, timeout=600)
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"{command} failed ({done.returncode}):\n{done.stderr}")
    merged: dict[str, Any] = {k: v for line in lines for k, v in line.items()}
    merged["seconds"] = merged["shown"] - spawned
    if "checked" in merged:
        merged["checked_seconds"] = merged["checked"] - spawned
    return merged


def instructions(command: list[str], extra_env: dict[str, str]) -> int:
    """Instructions a fresh process runs until Python starts to shut down (callgrind counts them the same
    on a busy machine and a quiet one): its whole run less what runs inside Py_FinalizeEx."""
    counts = []
    for toggle in ([], ["--toggle-collect=Py_FinalizeEx"]):  # all, then only the shut-down
        done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *toggle, *command],
                              env=child_env(PYTHONHASHSEED="0", **extra_env), cwd=REPO_ROOT, capture_output=True,
                              text=True, check=False, timeout=900)
        found = [line.split()[-1] for line in done.stderr.splitlines() if "Collected :" in line]
        if not found:
            raise SystemExit(f"valgrind {command} failed ({done.returncode}):\n{done.stderr[-2000:]}")
        counts.append(int(found[-1]))
    return counts[0] - counts[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1500], help="agreements per store")
    parser.add_argument("--goals", type=int, default=15)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--switches", type=int, default=0, help="also time switching agreements (smallest store)")
    parser.add_argument("--instructions", action="store_true",
                        help="also count instructions to the first paint with callgrind (needs valgrind)")
    parser.add_argument("--data", type=Path, help="folder for the stores (kept, built once); default a temporary one")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind = args.child[0]
        if kind == "bare":
            child_bare()
        else:
            child_window(Path(args.child[1]), full_start=kind == "gui", switches=int(args.child[2]))
        return

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "?") if Path("/proc/cpuinfo").exists() else "?"
    print(f"machine: {os.cpu_count()} cores (nproc), {cpu}; Python {sys.version.split()[0]}")
    compile_packages()
    with tempfile.TemporaryDirectory(prefix="aftaler-bench-") as temporary:
        root = args.data or Path(temporary)
        app = [sys.executable, "-m", "desktop"]  # as from the program's icon: no arguments
        rows = []
        for size in args.sizes:
            data = root / f"{size}x{args.goals}"
            store = data / "aftaler.sqlite"
            if not store.exists():
                data.mkdir(parents=True, exist_ok=True)
                started = time.perf_counter()
                generate_store(store, size, args.goals)
                print(f"store made: {size} agreements × {args.goals} goals in {time.perf_counter() - started:.1f} s")
            loaded = spawn("window", str(data), "0")["modules"]  # warms the file cache, sets the last agreement
            bare, classes, full = [], [], []
            names = json.dumps(qt_names(loaded))
            for _ in range(args.runs):  # interleaved: all see the same load on the machine
                bare.append(spawn_process([sys.executable, "-c", BARE], {})["seconds"])
                classes.append(spawn_process([sys.executable, "-c", QT_CLASSES, names], {})["seconds"])
                full.append(spawn_process(app, {"AFTALER_QUIT_AFTER": "paint", DATA_DIR_ENV: str(data)})["seconds"])
            checked = spawn_process(app, {"AFTALER_QUIT_AFTER": "checked", DATA_DIR_ENV: str(data)})
            rows.append((size, store.stat().st_size / 2**20, statistics.median(bare), statistics.median(classes),
                         statistics.median(full), checked.get("checked_seconds", float("nan")),
                         checked.get("outcome", "?")))
        print(f"\nstart-up to the first paint with the last agreement open (median of {args.runs} fresh processes each,"
              " from spawning the process; target at most 2× the bare window):")
        print(f"{'store':<28}{'bare PySide6':>14}{'Aftaler':>10}{'ratio':>8}   {'Qt classes':>10}{'ratio':>8}"
              "   full check + backup done after")
        for size, mb, bare_s, classes_s, full_s, checked_s, outcome in rows:
            mark = "ok" if full_s <= 2 * bare_s else "MISSED"
            name = f"{size} × {args.goals} ({mb:.0f} MB)"
            print(f"{name:<28}{bare_s:>12.3f} s{full_s:>8.3f} s{full_s / bare_s:>7.2f}× {mark:<6}"
                  f"{classes_s:>8.3f} s{full_s / classes_s:>7.2f}×   {checked_s:.2f} s (in the background: {outcome})")
        print("Qt classes: the bare window after importing the PySide6 classes that the modules loaded at Aftaler's"
              " first paint import (PySide6 makes each class's Python enums then); its ratio is Aftaler against that.")
        if args.instructions:
            print("\ninstructions to the first paint (callgrind; the same on a busy machine; exit not counted):")
            bare_count = instructions([sys.executable, "-c", BARE], {})
            for size in args.sizes:
                data = root / f"{size}x{args.goals}"
                count = instructions(app, {"AFTALER_QUIT_AFTER": "paint", DATA_DIR_ENV: str(data)})
                print(f"{size} × {args.goals}: bare PySide6 {bare_count / 1e6:,.0f} M, Aftaler {count / 1e6:,.0f} M,"
                      f" ratio {count / bare_count:.2f}×")
        if args.switches:
            data = root / f"{min(args.sizes)}x{args.goals}"
            result = spawn("gui", str(data), str(args.switches))
            switch = result["switch_ms"]
            print(f"\nswitching agreements ({len(switch)} switches): mean {statistics.mean(switch):.1f} ms,"
                  f" max {max(switch):.1f} ms; resident memory {result['rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
