"""Reading .xlsx, .xls and .csv files into a table of cleaned text cells.

Everything is read as text (ID numbers and codes must never pass through a float), the header
row is found under any title rows, and each data row keeps the spreadsheet's own row number.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import fastexcel
import polars as pl

from zizhu.core.errors import Code, Refused
from zizhu.intake import limits
from zizhu.intake.cleaning import clean_text, clean_value
from zizhu.intake.layout import Column, Layout

ROW = "_row"  # the spreadsheet's own row number (a CSV's line number)
HEADER_SEARCH_ROWS = 50  # title rows above the header are never this many

_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A PDF's first bytes decode as GB18030 text: without this it would be refused for want of a
# header row, which tells the sender nothing.
_PDF_MAGIC = b"%PDF-"
_UTF8_BOM = b"\xef\xbb\xbf"
_DECODE_PIECE = 16 * 1024 * 1024  # bytes of a CSV checked as UTF-8 at a time


@dataclass
class Table:
    path: Path
    container: str  # "xlsx", "xls" or "csv"
    encoding: str | None  # a CSV's encoding, as detected
    sha256: str
    header: list[str]  # the header row's cells as found (for the error file)
    raw: pl.DataFrame  # ROW + the data rows' original cells, columns c0..cN
    frame: pl.DataFrame  # ROW + one cleaned text column per layout field (null when empty)

    @property
    def rows(self) -> int:
        return self.frame.height


def read_table(path: Path, layout: Layout) -> Table:
    """The file read once, its limits (zizhu.intake.limits) checked before it is expanded."""
    data = _read_bytes(path)
    limits.size_check(path, len(data))
    container = _sniff(data)
    sha256 = hashlib.sha256(data).hexdigest()
    encoding: str | None = None
    if container == "csv":
        grid, encoding = _read_csv(data)
    else:
        if container == "xlsx":
            limits.workbook_check(path)
        grid = _read_excel(path, container, layout.sheet)
    del data  # the bytes are in the grid now: not held while it is checked and expanded
    limits.rows_check(grid.height)
    _cells_check(grid)
    header_index, positions = _find_header(grid, layout)
    header = [cell or "" for cell in grid.row(header_index)[1:]]  # skip ROW
    body = grid.slice(header_index + 1)
    raw = body.select(pl.col(ROW), *[pl.col(f"c{i}") for i in range(len(header))])
    frame = body.select(pl.col(ROW), *[_column(c, positions) for c in layout.columns])
    # Rows with no content at all are spacing, not records: they are not counted.
    non_empty = pl.any_horizontal([pl.col(f).is_not_null() for f in layout.fields])
    keep = frame.select(non_empty.alias("keep"))["keep"]
    if not keep.all():  # a filter copies every column, even when it keeps every row
        frame, raw = frame.filter(keep), raw.filter(keep)
    return Table(
        path=path,
        container=container,
        encoding=encoding,
        sha256=sha256,
        header=header,
        raw=raw,
        frame=frame,
    )


def _cells_check(grid: pl.DataFrame) -> None:
    cells = [c for c in grid.columns if c != ROW]
    longest = grid.select(pl.max_horizontal(pl.col(cells).str.len_chars().max())).item()
    if longest is not None and longest > limits.max_cell_chars():
        raise Refused(
            Code.FILE_TOO_LARGE,
            f"文件中有超长的单元格（{longest} 个字符，限 {limits.max_cell_chars()} 个）",
        )


def _column(column: Column, positions: dict[str, int]) -> pl.Expr:
    if column.header not in positions:
        return pl.lit(None, dtype=pl.String).alias(column.field)
    cleaned = clean_text(pl.col(f"c{positions[column.header]}"))
    if column.id_number:
        cleaned = cleaned.str.replace(r"x$", "X")
    return cleaned.alias(column.field)


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise Refused(Code.FILE_MISSING, f"找不到文件：{path.name}") from exc
    except IsADirectoryError as exc:
        raise Refused(Code.FILE_MISSING, f"这是一个文件夹，不是文件：{path.name}") from exc
    if not data.strip():
        raise Refused(Code.FILE_EMPTY, "文件为空")
    return data


def _sniff(data: bytes) -> str:
    if data.startswith(_XLSX_MAGIC):
        return "xlsx"
    if data.startswith(_XLS_MAGIC):
        return "xls"
    if b"\x00" in data[:4096] or data.startswith(_PDF_MAGIC):
        raise Refused(
            Code.FILE_NOT_SPREADSHEET, "文件不是电子表格：只接受 .xlsx、.xls 或 .csv 文件"
        )
    return "csv"


def _as_utf8(data: bytes) -> tuple[bytes, str]:
    """The file as UTF-8 bytes, and its encoding as found: UTF-8 with or without BOM, else
    GB18030 (what Chinese Windows Excel writes). Refused when it holds only white space.

    A UTF-8 file is checked piece by piece and passed on as it is: decoding a county's 250 MB
    roster whole and encoding it again for polars held three copies of it at once."""
    bom = data.startswith(_UTF8_BOM)
    body, encoding = (data[len(_UTF8_BOM) :], "utf-8-sig") if bom else (data, "utf-8")
    content = _utf8_content(body)
    if content is None and bom:  # a byte-order mark says UTF-8: nothing else is tried
        raise _encoding_refused()
    if content is None:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise _encoding_refused() from exc
        body, encoding, content = text.encode("utf-8"), "gb18030", bool(text.strip())
    if not content:
        raise Refused(Code.FILE_EMPTY, "文件为空")
    return body, encoding


def _utf8_content(body: bytes) -> bool | None:
    """None when `body` is not UTF-8 (decoded a piece at a time), else whether it holds
    more than white space."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(body)
    content = False
    try:
        for start in range(0, len(body), _DECODE_PIECE):
            content = bool(decoder.decode(view[start : start + _DECODE_PIECE]).strip()) or content
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return content


def _encoding_refused() -> Refused:
    return Refused(
        Code.FILE_ENCODING,
        "文件不是电子表格：无法识别 CSV 文件的编码（应为 UTF-8 或 GB18030）",
    )


def _read_csv(data: bytes) -> tuple[pl.DataFrame, str]:
    body, encoding = _as_utf8(data)
    try:
        return _read_csv_fast(body), encoding
    except _NeedsCareful:
        return _read_csv_careful(body.decode("utf-8")), encoding


class _NeedsCareful(Exception):
    """The fast reader cannot keep row numbers right for this file."""


def _read_csv_fast(body: bytes) -> pl.DataFrame:
    """polars' reader from the widest of the first rows on: line number = row number.

    Title rows above the header are usually narrower than the table, and polars takes the
    table's width from the first line it reads, so it starts at the first row of full width.
    """
    first = _first_lines(body, HEADER_SEARCH_ROWS).decode("utf-8")
    head = list(csv.reader(io.StringIO(first, newline="")))
    if not head:
        raise Refused(Code.FILE_EMPTY, "文件为空")
    width = max(len(r) for r in head)
    start = next(i for i, r in enumerate(head) if len(r) == width)
    if any("\n" in cell or "\r" in cell for row in head for cell in row):
        raise _NeedsCareful
    try:
        frame = pl.read_csv(
            body,
            has_header=False,
            skip_rows=start,
            infer_schema=False,
            truncate_ragged_lines=True,
            raise_if_empty=False,
        )
    except pl.exceptions.ComputeError as exc:
        raise _NeedsCareful from exc
    columns = [f"c{i}" for i in range(frame.width)]
    frame = frame.rename(dict(zip(frame.columns, columns, strict=True)))
    if frame.select(pl.any_horizontal(pl.col(columns).str.contains("[\r\n]").any())).item():
        raise _NeedsCareful  # a quoted line break: line numbers and row numbers part ways
    titles = pl.DataFrame(
        {c: [r[i] if i < len(r) else None for r in head[:start]] for i, c in enumerate(columns)},
        schema={c: pl.String for c in columns},
    )
    grid = pl.concat([titles, frame]) if start else frame
    # One chunk per column, as the row number has: polars aligns a frame's chunks on every
    # select by copying the misaligned columns (half a gigabyte at a time for a large county).
    grid = grid.rechunk()
    return grid.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.Int64))


def _first_lines(body: bytes, count: int) -> bytes:
    end = -1
    for _ in range(count):
        end = body.find(b"\n", end + 1)
        if end < 0:
            return body
    return body[: end + 1]


def _read_csv_careful(text: str) -> pl.DataFrame:
    """Python's csv module: slower, but follows quoted line breaks to the right row number."""
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise Refused(Code.FILE_UNREADABLE, f"CSV 文件格式错误：{exc}") from exc
    width = max((len(r) for r in records), default=0)
    if width == 0:
        raise Refused(Code.FILE_EMPTY, "文件为空")
    columns: dict[str, list[str | None]] = {f"c{i}": [] for i in range(width)}
    rows: list[int] = []
    line = 1
    for record in records:
        rows.append(line)
        line += 1 + sum(cell.count("\n") for cell in record)
        for i in range(width):
            columns[f"c{i}"].append(record[i] if i < len(record) else None)
    frame = pl.DataFrame({ROW: rows, **columns}, schema_overrides={ROW: pl.Int64})
    return frame.with_columns(pl.col(f"c{i}").cast(pl.String) for i in range(width))


def _read_excel(path: Path, container: str, sheet: str) -> pl.DataFrame:
    try:
        reader = fastexcel.read_excel(path)
        index: str | int = sheet if sheet in reader.sheet_names else 0
        loaded = reader.load_sheet(index, header_row=None, dtypes="string", skip_rows=0)
        frame = loaded.to_polars()
    except Exception as exc:  # calamine reports corrupt files with assorted error types
        raise Refused(
            Code.FILE_UNREADABLE, f"文件不是有效的 {container} 电子表格，无法读取"
        ) from exc
    if frame.height == 0 or frame.width == 0:
        raise Refused(Code.FILE_EMPTY, "文件为空")
    frame = frame.rename({name: f"c{i}" for i, name in enumerate(frame.columns)})
    return frame.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.Int64))


def _find_header(grid: pl.DataFrame, layout: Layout) -> tuple[int, dict[str, int]]:
    """The header row is the first row holding every required header."""
    required = layout.required_headers
    known = {c.header for c in layout.columns}
    best: set[str] = set()
    for index in range(min(grid.height, HEADER_SEARCH_ROWS)):
        cells = [clean_value(c) for c in grid.row(index)[1:]]  # skip ROW
        positions: dict[str, int] = {}
        for i, cell in enumerate(cells):
            if cell in known and cell not in positions:
                positions[cell] = i
        found = set(positions) & set(required)
        if len(found) == len(required):
            return index, positions
        if len(found) > len(best):
            best = found
    if not best:
        raise Refused(
            Code.FILE_NO_HEADER,
            f"找不到表头行：请使用“{layout.sheet}”模板，表头应包含：{'、'.join(required)}",
        )
    missing = [h for h in required if h not in best]
    raise Refused(Code.FILE_MISSING_COLUMN, f"缺少必填列：{'、'.join(missing)}")


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
