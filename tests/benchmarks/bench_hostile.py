"""Hostile inputs: what an agreement costs at the template limits, against the demo agreement of a
normal template in the same run; how the cost grows with the sections (limits lifted); and what
refusing a zip-bomb reference document costs, against opening the built-in one.

    python tests/benchmarks/bench_hostile.py [--runs 3] [--sections 500,2000,5000,20000]

Each figure is the median of ``--runs``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import zipfile  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from storage import edits, snapshots, template_limits, templates  # noqa: E402
from storage.agreements import create_agreement, load_agreement, template_of  # noqa: E402
from storage.canonical import to_json  # noqa: E402
from storage.database import Store, open_store  # noqa: E402
from storage.seed import create_from_seed, demo_seed  # noqa: E402
from storage.templates import load_registry, parse_template  # noqa: E402
from tests.storage.test_template_limits import Shape, template_text  # noqa: E402


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def show_json(store: Store, uuid: str) -> str:
    """What ``show --json`` does, with the snapshot parsed afresh (no cache)."""
    snapshots._parse_cached.cache_clear()
    agreement = load_agreement(store, uuid)
    return to_json(agreement, template_of(store, agreement))


def tree_model(store: Store, uuid: str) -> int:
    from ui.document import AgreementDocument
    from ui.tree_model import AgreementTreeModel

    snapshots._parse_cached.cache_clear()
    return AgreementTreeModel(AgreementDocument(store, uuid)).rowCount()


def word_export(store: Store, uuid: str, out: Path) -> Path:
    from exporters.docx_export import export_agreement

    return export_agreement(store, uuid, out)


def with_goals(store: Store, text: str, origin: str) -> str:
    template = parse_template(text, origin)
    uuid = create_agreement(store, template, "IT-staben", 2026)
    for kind in template.goal_kinds:
        edits.add_goal(store, uuid, kind.id, values={"title": f"Mål {kind.id}"})
    return uuid


def cli_show_ms(data_dir: Path, uuid: str, runs: int) -> float:
    command = [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), "show", uuid, "--json"]
    return median_ms(lambda: subprocess.run(command, cwd=REPO_ROOT, check=True, capture_output=True), runs)


def at_the_limits(work: Path, runs: int) -> None:
    print("At the limits (500 sections 8 deep, 50 goal kinds with a goal each, 2000 fields, 512 KB)"
          " against the demo agreement (Faaborg-Midtfyn, 18 sections, 11 goals)")
    data_dir = work / "data"
    (data_dir / "skabeloner").mkdir(parents=True)
    limit_text = template_text()
    (data_dir / "skabeloner" / "graense.toml").write_text(limit_text, encoding="utf-8")
    store = open_store(data_dir / "aftaler.sqlite")
    normal = create_from_seed(store, load_registry(), demo_seed())
    limit = with_goals(store, limit_text, "graense.toml")
    faaborg = next(name_text[1] for name_text in templates.builtin_template_files()
                   if name_text[0] == "faaborg-midtfyn.toml")
    print(f"  {'':28}{'normal':>10}{'limit':>10}{'ratio':>8}")

    def row(name: str, normal_ms: float, limit_ms: float) -> None:
        print(f"  {name:28}{normal_ms:>8.1f}ms{limit_ms:>8.1f}ms{limit_ms / normal_ms:>7.1f}x")

    row("parse the template", median_ms(lambda: parse_template(faaborg), runs),
        median_ms(lambda: parse_template(limit_text), runs))
    actions: list[tuple[str, Callable[[str], object]]] = [
        ("show --json in process", lambda u: show_json(store, u)),
        ("tree model build", lambda u: tree_model(store, u)),
        ("Word export", lambda u: word_export(store, u, work / f"{u}.docx")),
    ]
    for name, action in actions:
        row(name, median_ms(lambda a=action: a(normal), runs), median_ms(lambda a=action: a(limit), runs))
    store.close()
    a, b = cli_show_ms(data_dir, normal, runs), cli_show_ms(data_dir, limit, runs)
    row("python -m desktop show --json", a, b)


def growth(work: Path, counts: list[int], runs: int) -> None:
    print("\nGrowth with the sections, limits lifted (flat sections, no goals): time per section stays flat")
    lifted = replace(template_limits.LIMITS, sections=10**7, bytes=10**9, fields=10**8)
    templates.LIMITS = template_limits.LIMITS = lifted
    print(f"  {'sections':>9}{'show --json':>14}{'per section':>14}{'tree model':>13}{'per section':>14}")
    for count in counts:
        store = open_store(work / f"growth-{count}.sqlite")
        uuid = create_agreement(store, parse_template(template_text(Shape(sections=count, flat=True, size=0))),
                                "IT-staben", 2026)
        show = median_ms(lambda s=store, u=uuid: show_json(s, u), runs)
        tree = median_ms(lambda s=store, u=uuid: tree_model(s, u), runs)
        print(f"  {count:>9}{show:>12.0f}ms{show * 1000 / count:>12.0f}µs{tree:>11.0f}ms{tree * 1000 / count:>12.0f}µs")
        store.close()


CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
start = time.perf_counter()
outcome = "opened"
try:
    if {raw}:
        from docx import Document
        Document({path!r})
    else:
        from exporters.docx_writer import open_reference
        from pathlib import Path
        open_reference(Path({path!r}))
except Exception as exc:
    outcome = str(exc)[:90]
print(json.dumps({{"ms": (time.perf_counter() - start) * 1000,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "outcome": outcome}}))
"""


def reference(work: Path) -> None:
    from exporters.reference_document import builtin_reference

    print("\nReference document: styles.xml padded with 200 MB of blanks (200 KB packed; valid XML, so"
          " python-docx parses it all) against the built-in one (a process each; peak RSS)")
    bomb = work / "bomb" / "reference.docx"
    bomb.parent.mkdir()
    with zipfile.ZipFile(builtin_reference()) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != "word/styles.xml":
                out.writestr(info, src.read(info.filename))
        head, tail = src.read("word/styles.xml").rsplit(b"</w:styles>", 1)
        with out.open("word/styles.xml", "w") as part:
            part.write(head)
            for _ in range(200):
                part.write(b" " * 2**20)
            part.write(b"</w:styles>" + tail)
    print(f"  the file: {bomb.stat().st_size // 1024} KB")
    cases = [("built-in, checked", builtin_reference(), False), ("bomb, checked", bomb, False),
             ("bomb, python-docx unchecked", bomb, True)]
    for name, path, raw in cases:
        code = CHILD.format(root=str(REPO_ROOT), path=str(path), raw=raw)
        result: dict[str, Any] = json.loads(subprocess.run([sys.executable, "-c", code], check=True,
                                                           capture_output=True, text=True).stdout)
        print(f"  {name:30}{result['ms']:>8.0f}ms{result['rss_mb']:>8.0f} MB  {result['outcome']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sections", default="500,2000,5000,20000")
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])  # noqa: F841 — the tree model needs one
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        at_the_limits(work, args.runs)
        reference(work)
        growth(work, [int(n) for n in args.sections.split(",")], args.runs)


if __name__ == "__main__":
    main()
