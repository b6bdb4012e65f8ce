"""How big a file may be, checked before it is expanded: an upload or a file given to
`zizhu import` can be built to take the server down (a 0.5 MB workbook holding a 500 MB cell,
a million rows), and one reader must never hold more than a bounded amount of memory.

Every limit is a setting (see docs/security.md) with a default that leaves room for a whole
city's roster in one file.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from django.conf import settings

from zizhu.core.errors import Code, Refused

MB = 2**20


def _setting(name: str) -> int:
    return int(getattr(settings, name))  # defaults in zizhu.settings, from the environment


def upload_max_bytes() -> int:
    """The largest file accepted (an upload, or a file given to `zizhu import`)."""
    return _setting("ZIZHU_IMPORT_MAX_MB") * MB


def expanded_max_bytes() -> int:
    """The most a workbook may hold once its parts are decompressed."""
    return _setting("ZIZHU_IMPORT_MAX_EXPANDED_MB") * MB


def max_rows() -> int:
    return _setting("ZIZHU_IMPORT_MAX_ROWS")


def max_cell_chars() -> int:
    return _setting("ZIZHU_IMPORT_MAX_CELL_CHARS")


# A workbook's parts compress about 5 to 20 times; far more than this is a file built to
# expand (one repeated cell), not a table.
MAX_RATIO = 200
RATIO_CHECKED_FROM = 10 * MB  # small parts may compress well without harm


def size_check(path: Path, size: int) -> None:
    if size > upload_max_bytes():
        raise Refused(
            Code.FILE_TOO_LARGE,
            f"文件有 {size // MB} MB，超过 {upload_max_bytes() // MB} MB 的限制",
        )


def workbook_check(path: Path) -> None:
    """An .xlsx is a zip: its central directory says how big each part expands, before any
    of it is decompressed."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise Refused(Code.FILE_UNREADABLE, "文件不是有效的 xlsx 电子表格，无法读取") from exc
    expanded = sum(p.file_size for p in parts)
    if expanded > expanded_max_bytes():
        raise Refused(
            Code.FILE_TOO_LARGE,
            f"电子表格解压后有 {expanded // MB} MB，超过 {expanded_max_bytes() // MB} MB 的限制",
        )
    for part in parts:
        if part.file_size > RATIO_CHECKED_FROM and part.file_size > MAX_RATIO * max(
            part.compress_size, 1
        ):
            raise Refused(
                Code.FILE_TOO_LARGE,
                "电子表格中有异常大的内容（压缩比过高，如一个超长的单元格），不予读取",
            )


def rows_check(rows: int) -> None:
    if rows > max_rows():
        raise Refused(
            Code.FILE_TOO_LARGE,
            f"文件有 {rows} 行，超过 {max_rows()} 行的限制：请按区县分成几个文件",
        )
