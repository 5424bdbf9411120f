"""Word export speed: the IT-staben agreement, a batch of 100, and python-docx alone for comparison.

    python tests/benchmarks/bench_docx.py [--runs 10] [--batch 100]

1. export_agreement() of the demo agreement (IT-staben 2008: 18 sections, 11 appendices with tables),
   load from the store included; median of ``--runs``.
2. export_batch() with the Word writer of ``--batch`` such agreements into one folder.
3. python-docx alone: a plain script that opens Document() and adds the same paragraphs (same texts)
   and tables (same rows, columns and cell texts) as the export holds, then saves — what any .docx
   of this size costs, so the exporter's own overhead is visible.

The exporter figures are without the contents' page numbers (``DocxOptions(page_numbers=False)``): that
step lays the finished files out with LibreOffice (exporters/contents_pages.py) whatever the exporter
does, and is measured and printed on its own lines: one file (a LibreOffice run of its own), and
4. export_batch() with the page numbers, all files laid out in one LibreOffice run, per file.

Prints figures next to the targets; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from lxml import etree

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

TARGETS = {"one": 0.5, "batch": 30.0}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def structure(docx: Path) -> list[tuple[str, object]]:
    """The body of an exported file: ("p", text) and ("tbl", [[cell text, …], …]) in order."""
    with zipfile.ZipFile(docx) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")
    out: list[tuple[str, object]] = []
    for child in body:
        if child.tag == f"{W}p":
            out.append(("p", text_of(child)))
        elif child.tag == f"{W}tbl":
            rows = [["\n".join(text_of(p) for p in tc.iter(f"{W}p")) for tc in tr.iter(f"{W}tc")]
                    for tr in child.iter(f"{W}tr")]
            out.append(("tbl", rows))
    return out


def plain_python_docx(parts: list[tuple[str, object]], target: Path) -> None:
    from docx import Document

    doc = Document()
    for kind, content in parts:
        if kind == "p":
            doc.add_paragraph(str(content))
        else:
            rows: list[list[str]] = content  # type: ignore[assignment]
            table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for row, texts in zip(table.rows, rows, strict=False):
                for cell, text in zip(row.cells, texts, strict=False):
                    cell.text = text
    doc.save(str(target))


def timed(action, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def line(name: str, seconds: float, target: float | None = None, extra: str = "") -> None:
    mark = "" if target is None else f"  (target < {target:g} s: {'ok' if seconds < target else 'MISSED'})"
    print(f"{name:<48} {seconds * 1000:9.1f} ms{mark}{extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()

    from exporters.batch import export_batch
    from exporters.contents_pages import tools
    from exporters.docx_export import export_agreement, word_writer
    from exporters.docx_writer import DocxOptions, write_docx
    from storage.agreements import load_agreement, template_of
    from storage.database import open_store
    from storage.seed import create_from_seed, demo_seed
    from storage.templates import load_registry

    with tempfile.TemporaryDirectory(prefix="aftaler-bench-docx-") as temporary:
        folder = Path(temporary)
        store = open_store(folder / "aftaler.sqlite")
        registry = load_registry()
        seed = demo_seed()
        started = time.perf_counter()
        uuids = []
        for n in range(args.batch):
            seed["fields"]["unit"] = f"IT-staben {n + 1}"
            seed["fields"]["title"] = f"IT-staben {n + 1}. Aftale 2008"
            uuids.append(create_from_seed(store, registry, seed))
        print(f"store: {args.batch} copies of the IT-staben agreement, made in {time.perf_counter() - started:.1f} s")

        one = folder / "en.docx"
        export_agreement(store, uuids[0], one)  # warm-up: imports, the reference document from disk
        parts = structure(one)
        tables = [c for k, c in parts if k == "tbl"]
        rows = sum(len(t) for t in tables)  # type: ignore[arg-type]
        cells = sum(len(r) for t in tables for r in t)  # type: ignore[attr-defined]
        print(f"one document: {sum(k == 'p' for k, _ in parts)} body paragraphs, {len(tables)} tables, {rows} rows, "
              f"{cells} cells, {one.stat().st_size / 1024:.0f} KB\n")

        no_layout = DocxOptions(page_numbers=False)
        export_times = timed(lambda: export_agreement(store, uuids[0], one, no_layout), args.runs)
        agreement = load_agreement(store, uuids[0])
        template = template_of(store, agreement)
        write_times = timed(lambda: write_docx(agreement, template, one, no_layout), args.runs)
        plain = folder / "plain.docx"
        plain_times = timed(lambda: plain_python_docx(parts, plain), args.runs)
        layout_runs = max(1, min(args.runs, 3))
        layout_times = timed(lambda: write_docx(agreement, template, one), layout_runs) if tools() else []

        print(f"one agreement (median of {args.runs}):")
        line("export_agreement (load + write + save)", statistics.median(export_times), TARGETS["one"],
             f"   min {min(export_times) * 1000:.1f}  max {max(export_times) * 1000:.1f}")
        line("write_docx only (agreement already loaded)", statistics.median(write_times))
        line("python-docx alone, same paragraphs and tables", statistics.median(plain_times))
        one_ratio = statistics.median(write_times) / statistics.median(plain_times)
        print(f"{'exporter / python-docx (target <= 1.5)':<48} {one_ratio:9.2f}×")
        if layout_times:
            line(f"write_docx + contents page numbers (median {layout_runs})", statistics.median(layout_times),
                 extra="   (LibreOffice lays the file out once; separate step, on by default)")
        else:
            print("contents page numbers: LibreOffice or pdftotext not installed, not measured")

        loaded = [load_agreement(store, uuid) for uuid in uuids]
        start = time.perf_counter()
        for n, each in enumerate(loaded):
            write_docx(each, template, folder / f"ex-{n}.docx", no_layout)
        batch_write = time.perf_counter() - start
        start = time.perf_counter()
        for n in range(args.batch):
            plain_python_docx(parts, folder / f"plain-{n}.docx")
        plain_batch = time.perf_counter() - start
        out = folder / "ud"
        start = time.perf_counter()
        result = export_batch(store, uuids, out, word_writer(no_layout))
        batch = time.perf_counter() - start
        assert not result.failed, result.summary()
        print(f"\n{args.batch} agreements:")
        print(f"{'export_batch (Word, no layout pass)':<48} {batch:9.2f} s   (target < {TARGETS['batch']:g} s: "
              f"{'ok' if batch < TARGETS['batch'] else 'MISSED'}; {batch / args.batch * 1000:.0f} ms each)")
        print(f"{'write_docx of each (loaded)':<48} {batch_write:9.2f} s")
        print(f"{'python-docx alone, same content':<48} {plain_batch:9.2f} s")
        print(f"{'exporter / python-docx, batch (target <= 1.5)':<48} {batch_write / plain_batch:9.2f}×")
        if layout_times:
            per = statistics.median(layout_times) - statistics.median(write_times)
            print(f"{'contents page numbers, one file alone':<48} {per:9.2f} s")
            start = time.perf_counter()
            numbered = export_batch(store, uuids, folder / "med-sidetal", word_writer())
            with_numbers = time.perf_counter() - start
            assert not numbered.failed and not numbered.notes, numbered.summary()
            print(f"{'export_batch with page numbers (one LibreOffice)':<48} {with_numbers:9.2f} s   "
                  f"({with_numbers / args.batch * 1000:.0f} ms each)")
            print(f"{'contents page numbers, per file of the batch':<48} {(with_numbers - batch) / args.batch:9.2f} s")
        store.close()


if __name__ == "__main__":
    main()
