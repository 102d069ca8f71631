"""Bytes to text: BOMs, UTF-8, then charset detection; binary input is refused."""

from __future__ import annotations

import codecs

import charset_normalizer

from sitroom.errors import InputError

# Bytes that never occur in text files; a few of them in the head mean binary input.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF = 8192


def looks_binary(data: bytes) -> bool:
    """True when the head of ``data`` holds NUL bytes or many control characters."""
    head = data[:_SNIFF]
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls / len(head) > 0.05


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to text and name the encoding used; raise InputError for binary."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name), name.replace("-sig", "")
    if looks_binary(data):
        raise InputError(source, "binary file, not text")
    if declared:
        try:
            return data.decode(declared), codecs.lookup(declared).name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common on the web; fall through to detection
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError(source, "binary file, not text (no text encoding fits)")
    return str(best), best.encoding
