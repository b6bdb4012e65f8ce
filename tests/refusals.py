"""Asserting a refusal by its code: tests match codes, never the Chinese wording."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from zizhu.core.errors import Code, Refused


@contextmanager
def refused(code: Code) -> Iterator[pytest.ExceptionInfo[Refused]]:
    with pytest.raises(Refused) as caught:
        yield caught
    assert caught.value.code == code, f"refused with {caught.value.code}: {caught.value.message}"
    assert caught.value.message, "a refusal always carries a Chinese message"
