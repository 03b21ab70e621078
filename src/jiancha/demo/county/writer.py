"""Writing the county's files in the formats the registry names, byte for byte reproducibly.

Owns: CSV in GBK (CRLF line ends, as Windows exports) or UTF-8, JSON Lines keyed by the Chinese
column names (empty cells as ``null``), and XLSX written with openpyxl's write-only mode into a
zip whose entries carry a fixed timestamp and whose document properties carry the as-of date —
so the same rows always give the same bytes. A large county is written by two processes (the
parent and a fork), the files shared out by their estimated cost: openpyxl without lxml manages
about 70,000 cells a second, csv ten times as many.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import shutil
import zipfile
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from jiancha.demo.county.forms import Formatter
from jiancha.demo.datasets import DemoDataset

FIXED_TIME = (2020, 1, 1, 0, 0, 0)
PARALLEL_COST = 8_000_000
"""Estimated microseconds of writing beyond which a second process shares the work."""
EXCEL_ROWS = 1_048_576
"""Rows of one spreadsheet, the header included (a county above ~4 million persons would need
its 驾驶证 split over several sheets or files)."""
BOM = frozenset({"残保金缴纳"})
"""UTF-8 datasets whose exporting system writes a byte-order mark."""


class _FixedZip(zipfile.ZipFile):
    """A zip whose entries all carry the same timestamp and permissions."""

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def writestr(  # type: ignore[override]
        self, zinfo_or_arcname: str | zipfile.ZipInfo, data: str | bytes, *args: Any, **kw: Any
    ) -> None:
        name = zinfo_or_arcname if isinstance(zinfo_or_arcname, str) else zinfo_or_arcname.filename
        super().writestr(self._info(name), data)

    def write(  # type: ignore[override]
        self, filename: str, arcname: str | None = None, *args: Any, **kw: Any
    ) -> None:
        with (
            open(filename, "rb") as source,
            self.open(self._info(arcname or filename), "w", force_zip64=True) as target,
        ):
            shutil.copyfileobj(source, target, 1 << 20)


def write_dataset(
    out: Path,
    dataset: DemoDataset,
    rows: Sequence[tuple[Any, ...]],
    formatter: Formatter,
    as_of: date,
) -> int:
    """Write ``rows`` as ``dataset``'s file in ``out``; return the number of rows."""
    path = out / dataset.file
    header = [f.column for f in dataset.fields]
    count = 0
    if dataset.format in ("csv-gbk", "csv-utf8"):
        gbk = dataset.format == "csv-gbk"
        encoding = "gbk" if gbk else "utf-8-sig" if dataset.name in BOM else "utf-8"
        with path.open("w", encoding=encoding, newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n" if gbk else "\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow(formatter.row(row))
                count += 1
    elif dataset.format == "jsonl":
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            for row in rows:
                cells = [c or None for c in formatter.row(row)]
                handle.write(json.dumps(dict(zip(header, cells, strict=True)), ensure_ascii=False))
                handle.write("\n")
                count += 1
    else:
        if len(rows) >= EXCEL_ROWS:
            raise ValueError(f"{dataset.file}: {len(rows):,} rows do not fit in one sheet")
        book = Workbook(write_only=True)
        stamp = datetime(as_of.year, as_of.month, as_of.day)
        book.properties.creator = "jiancha demo county"
        book.properties.created = book.properties.modified = stamp
        sheet = book.create_sheet(dataset.name)
        sheet.append(header)
        for row in rows:
            sheet.append(formatter.row(row))
            count += 1
        with _FixedZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(book, archive).write_data()
    return count


Job = tuple[DemoDataset, list[tuple[Any, ...]], Formatter]


def _run(out: Path, jobs: list[Job], as_of: date) -> dict[str, tuple[int, Counter[str]]]:
    done = {}
    for dataset, rows, formatter in jobs:
        done[dataset.name] = (write_dataset(out, dataset, rows, formatter, as_of), formatter.noise)
    return done


def _child(out: Path, jobs: list[Job], as_of: date, conn: Any) -> None:
    try:
        conn.send(("ok", _run(out, jobs, as_of)))
    except BaseException as exc:  # reported to the parent, which raises
        conn.send(("error", repr(exc)))
    finally:
        conn.close()


def _cost(job: Job) -> float:
    """Rough seconds ×10⁶ to write a job: openpyxl is about ten times slower than csv."""
    dataset, rows, _ = job
    return len(rows) * len(dataset.fields) * (14.0 if dataset.format == "xlsx" else 1.5)


def write_all(out: Path, jobs: list[Job], as_of: date) -> dict[str, tuple[int, Counter[str]]]:
    """Write every job; split between this process and a forked one when there is much to do."""
    if sum(_cost(j) for j in jobs) < PARALLEL_COST:
        return _run(out, jobs, as_of)
    shares: tuple[list[Job], list[Job]] = ([], [])
    loads = [0.0, 0.0]
    for job in sorted(jobs, key=_cost, reverse=True):
        lighter = 0 if loads[0] <= loads[1] else 1
        shares[lighter].append(job)
        loads[lighter] += _cost(job)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(out, shares[1], as_of, sender))
    process.start()
    sender.close()
    done = _run(out, shares[0], as_of)
    status, result = receiver.recv()
    process.join()
    if status != "ok":
        raise RuntimeError(f"writing the county's files failed: {result}")
    done.update(result)
    return done
