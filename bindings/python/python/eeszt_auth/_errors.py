"""The exception every eeszt_auth failure raises."""

from __future__ import annotations


class EesztError(Exception):
    """A library failure: the stable numeric ``code`` and the message in Hungarian and English.

    ``str(error)`` is the English message; show ``message_hu`` to Hungarian users.
    """

    code: int
    message_hu: str
    message_en: str

    def __init__(self, code: int, message_hu: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_hu = message_hu
        self.message_en = message_en

    def __repr__(self) -> str:
        return f"EesztError({self.code}, {self.message_hu!r}, {self.message_en!r})"
