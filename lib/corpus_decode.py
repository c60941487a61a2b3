"""Bytes to text: UTF-8, BOMs, UTF-16 with or without BOM, Windows-1252/Latin-1 fallback.

Refuses binary data with FileSkip("binary file"); it does not parse what it decodes.
"""

from __future__ import annotations

import codecs
import re

from lib.corpus_formats import FileSkip

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def decode(data: bytes) -> str:
    """Bytes to text, or FileSkip("binary file")."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):  # a BOM is a strong sign of text: repair, do not refuse
            return _not_binary(data.decode(encoding, "replace"))
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise FileSkip("binary file")
        try:
            return _not_binary(data.decode(utf16))
        except UnicodeDecodeError as exc:
            raise FileSkip("binary file") from exc
    try:
        return _not_binary(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    repaired = data.decode("utf-8", "replace")
    damaged = repaired.count("\ufffd")
    sound = sum(1 for ch in repaired[:200_000] if "\x7f" < ch != "\ufffd")
    if sound >= 3 * damaged:
        # Mostly well-formed UTF-8 with a few bad bytes (say, two files pasted together):
        # reading it all as Windows-1252 would garble every accented letter instead.
        return _not_binary(repaired)
    try:
        # Windows-1252 is what "Latin-1" text from Windows and the web usually is.
        return _not_binary(data.decode("cp1252"))
    except UnicodeDecodeError:
        return _not_binary(data.decode("latin-1"))


def _bomless_utf16(data: bytes) -> str | None:
    # ASCII-heavy UTF-16 without a BOM has a NUL in every other byte.
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / len(sample[0::2])
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd > 0.6 and even < 0.05:
        return "utf-16-le"
    if even > 0.6 and odd < 0.05:
        return "utf-16-be"
    return None


def _not_binary(text: str) -> str:
    sample = text[:16384]
    if sample and len(_CONTROL.findall(sample)) > 0.05 * len(sample):
        raise FileSkip("binary file")
    return text
