"""The fault that refuses a whole file."""

from __future__ import annotations


class FileRefused(Exception):
    """A file-level fault: the whole file is refused and nothing changes.

    The message is Chinese and meant for the person who sent the file.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
