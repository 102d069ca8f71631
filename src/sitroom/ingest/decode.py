"""Bytes to text: BOMs, UTF-8, then charset detection; binary input is refused."""

from __future__ import annotations

import codecs
import re

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


_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (JSON allows ``"\\ud800"``) as U+FFFD.

    UTF-8 cannot hold a lone surrogate: the database driver, a JSON response or a
    console would refuse the whole string. One character for one keeps every
    character offset into the text.
    """
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub("\ufffd", text)


def printable_name(name: str) -> str:
    """A file name or path safe to store and print: bytes that are not UTF-8 as ``\\xNN``.

    Python hands such bytes over as surrogate escapes (U+DC80 to U+DCFF); shown as
    ``\\xNN`` the user can still find the file. Other lone surrogates become U+FFFD.
    """
    if _SURROGATE.search(name) is None:
        return name
    return _SURROGATE.sub(
        lambda m: (
            f"\\x{ord(m.group()) - 0xDC00:02x}" if 0xDC80 <= ord(m.group()) <= 0xDCFF else "\ufffd"
        ),
        name,
    )
