"""A generator of hostile inputs: every class of input that once crashed, stalled or
flooded an ingest run, at a size the caller picks (small for the tests, large for
``bench/bench_robustness.py``).

``hostile_texts(size)`` gives crafted article texts; ``write_corpus(folder, size)`` writes
them and every hostile file kind (encodings, markup, JSON, archives, feeds, odd names,
links, a pipe) into ``folder`` and returns each entry's kind. Everything is written for
the project; nothing is copied from anywhere.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import random
from pathlib import Path

# A sentence that survives cleaning, so that a crafted run sits inside an article.
LEAD = "Artillery fire hit the border village overnight, the defence ministry said. "


def _capitalised(n: int) -> str:
    rng = random.Random(n)
    return " ".join(
        "".join(rng.choice("BCDFGHKLMNPRSTVZ") + rng.choice("aeiou") for _ in range(3)).title()
        for _ in range(n)
    )


def hostile_texts(size: int) -> dict[str, str]:
    """Crafted texts of about ``size`` characters that were super-linear somewhere."""
    n = max(size, 16)
    words = max(n // 8, 2)
    return {
        "run-of-[": LEAD + "[" * n,
        "run-of-](": LEAD + "](" * (n // 2),
        "run-of-\\[": LEAD + "\\[" * (n // 2),
        "run-of-(": LEAD + "(" * n,
        'run-of-"': LEAD + '"' * n,
        "run-of-*": LEAD + "*" * n,
        "run-of-<": LEAD + "<" * n,
        "run-of-spaces": LEAD + " " * n + "End of the report.",
        "spaces-after-sentences": (LEAD + " " * 40) * max(n // 120, 1),
        "spaces-in-furniture": "1" + " " * n + "x\n\nviews" + " " * n + "x\n\n" + LEAD,
        "spaces-before-trailer": LEAD + "a" + " " * n + "b (\n",
        "dates-repeated": LEAD + "1 January 2020 " * (n // 15),
        "capitalised-after-dateline": "MOSCOW, Oct 1 (Reuters) - " + _capitalised(words),
        "capitalised-after-by": "By " + _capitalised(words) + "\n\n" + LEAD,
        "distinct-short-lines": "\n".join(f"Line {i} of the list." for i in range(n // 20)),
        "capitalised-sentences": "The Army Said Today. " * (n // 21),
        "hash-tags": LEAD + "\n\n" + "#a" * (n // 2),
        "link-residue": LEAD + "(/" * (n // 2) + "\n\n" + "[a](" * (n // 4),
        "one-long-word": LEAD + "x" * n,
    }


_NEWS = (
    "Artillery hit the town of Tartar overnight, the defence ministry said. "
    '"We will respond to every provocation," said ministry spokesman Vagif Dargahli. '
    "The Armenian side denied the claim and said its forces had targeted only military "
    'positions. "This is a lie," Shushan Stepanyan told reporters on Tuesday, adding that '
    '"civilians were never targets." According to local officials, two civilians were '
    "killed and nine wounded. President Ilham Aliyev said that the operation would go on. "
)


def quote_texts(size: int) -> dict[str, str]:
    """Texts of ``size`` characters on one line (no paragraph ends the statements in it)
    for the quote extractor: news with quotations and reported speech, unbalanced
    quotation marks, thousands of "said", and "said" before an open quotation mark."""
    units = {
        "news-one-line": _NEWS,
        "unbalanced-quotes": 'He said "we will respond and the army shelled the town, '
        "officials said. ",
        "thousands-of-said": "said ",
        "said-and-open-quote": 'X said " ',
    }
    return {name: (unit * (size // len(unit) + 1))[:size] for name, unit in units.items()}


def _gz(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as fh:
        fh.write(data)
    return buf.getvalue()


def _bomb(unpacked: int) -> bytes:
    """A gzip stream of ``unpacked`` bytes of one JSON line (a thousand times smaller)."""
    buf = io.BytesIO()
    chunk = b" " * (1 << 20)
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as fh:
        fh.write(b'{"text": "')
        left = unpacked
        while left > 0:
            fh.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)
        fh.write(b'"}\n')
    return buf.getvalue()


def _warc(body: bytes, cut: int | None = None) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://news.example/a\r\n"
        b"WARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/http; msgtype=response\r\n"
        + f"Content-Length: {len(http)}\r\n\r\n".encode()
    )
    record = head + http + b"\r\n\r\n"
    return record[:cut] if cut is not None else record


def hostile_files(size: int) -> dict[str, tuple[str, bytes]]:
    """File name -> (kind, content) for every hostile file kind, at about ``size`` bytes."""
    rng = random.Random(size)
    article = (LEAD + "Two soldiers were wounded, officials said. ") * 3
    files: dict[str, tuple[str, bytes]] = {}
    for name, text in hostile_texts(size).items():
        safe = name.replace("\\", "bs").replace('"', "q")
        files[f"crafted-{safe}.txt"] = (
            f"crafted text: {name}",
            text.encode(),
        )
    cyrillic = "Артиллерия обстреляла пограничное село ночью, заявило министерство обороны. "
    files.update(
        {
            "random-bytes.txt": ("random bytes", rng.randbytes(size)),
            "random-bytes": ("random bytes, no suffix", rng.randbytes(size)),
            "utf16-bom.txt": ("UTF-16 with BOM", article.encode("utf-16")),
            "utf16-no-bom.txt": ("UTF-16 without BOM", article.encode("utf-16-le")),
            "cp1251.txt": ("Windows-1251", (cyrillic * 3).encode("cp1251")),
            "latin1.txt": ("Latin-1", ("Café à Genève: " + article).encode("latin-1")),
            "mixed-encodings.txt": (
                "UTF-8 and Latin-1 mixed",
                article.encode() + "é à ü".encode("latin-1") + cyrillic.encode("cp1251"),
            ),
            "empty.txt": ("empty", b""),
            "whitespace.txt": ("whitespace only", b" \n\t\r\n  " * 10),
            "bom-only.txt": ("a BOM only", codecs.BOM_UTF8),
            "deep.html": (
                "deeply nested HTML",
                b"<html><body>" + b"<div>" * 5000 + article.encode() + b"</div>" * 5000,
            ),
            "scripts.html": (
                "scripts and event handlers",
                (
                    "<html><head><script>alert(1)</script></head><body onload='alert(2)'>"
                    f"<article><h1 onclick='x()'>Title</h1><p>{article}</p>"
                    "<img src=x onerror='alert(3)'><a href='javascript:alert(4)'>x</a>"
                    "<iframe src='http://127.0.0.1/'></iframe></article></body></html>"
                ).encode(),
            ),
            "unclosed.html": ("unclosed tags", b"<html><body><p><b><i>" * (size // 20 + 1)),
            "wrong-types.json": (
                "JSON fields of the wrong type",
                json.dumps(
                    [
                        {"text": 123},
                        {"text": ["a", "b"]},
                        {"text": {"nested": True}},
                        {"text": article, "title": {"x": 1}, "published": [2020], "url": 5},
                        {"text": article + " B", "author": None, "outlet": 1.5e308},
                        None,
                        "a string",
                    ]
                ).encode(),
            ),
            "deep.json": ("JSON nested too deeply", b"[" * 100_000 + b"]" * 100_000),
            "huge-number.json": ("a number over 4,300 digits", b'{"text": 1' + b"0" * 5000 + b"}"),
            "surrogate.json": (
                "a lone surrogate",
                b'{"title": "bad \\ud800", "text": "' + article.encode() + b'"}',
            ),
            "bad-lines.jsonl": (
                "bad JSONL lines among good ones",
                b"\n".join(
                    [
                        json.dumps({"text": article + " 1"}).encode(),
                        b"[" * 50_000,
                        b'{"text": 1' + b"0" * 5000 + b"}",
                        b"not json at all",
                        json.dumps({"text": article + " \u2028 2 \u0085 \u2029"}).encode(),
                        b"\xff\xfe\xfd",
                        json.dumps({"text": article + " 3"}).encode(),
                    ]
                ),
            ),
            "bomb.jsonl.gz": ("gzip bomb", _bomb(max(size * 2000, 70 << 20))),
            "truncated.jsonl.gz": (
                "truncated gzip",
                _gz(json.dumps({"text": article}).encode() * 50)[:-40],
            ),
            "truncated.warc": ("truncated WARC", _warc(f"<p>{article}</p>".encode(), cut=200)),
            "garbage.warc.gz": ("garbage WARC", rng.randbytes(500)),
            "xxe.xml": (
                "XXE feed",
                b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b"<rss><channel><item><title>&x;</title><description>&x;</description>"
                b"</item></channel></rss>",
            ),
            "laughs.rss": (
                "entity expansion feed",
                b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
                + b"".join(
                    f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode()
                    for i in range(8)
                )
                + b"]><rss><channel><item><description>&i;</description></item></channel></rss>",
            ),
            "no-entries.atom": ("feed without entries", b"<feed></feed>"),
            "unknown.bin": ("unknown suffix", b"\x89PNG\r\n\x1a\n" + bytes(100)),
            "x[/red]y.txt": ("console markup in the path", (article + " markup").encode()),
            "-leading-dash.txt": ("a name like an option", (article + " dash").encode()),
            "new\nline.txt": ("a newline in the name", (article + " newline").encode()),
            ("x" * 200) + ".txt": ("a long name", (article + " long").encode()),
        }
    )
    return files


def write_corpus(folder: Path, size: int) -> dict[str, str]:
    """Write every hostile input into ``folder``; return path name -> kind.

    Beyond the files: a name that is not UTF-8, links (a loop, out of the folder,
    broken, to a folder) and a named pipe, which a reader would block on.
    """
    folder.mkdir(parents=True, exist_ok=True)
    kinds: dict[str, str] = {}
    for name, (kind, data) in hostile_files(size).items():
        (folder / name).parent.mkdir(exist_ok=True)  # "x[/red]y.txt" is in a folder "x["
        (folder / name).write_bytes(data)
        kinds[name] = kind
    raw = os.path.join(os.fsencode(folder), b"not-utf8-\xff\xfe.txt")
    with open(raw, "wb") as fh:
        fh.write((LEAD + "A name that is not UTF-8.").encode())
    kinds[os.fsdecode(b"not-utf8-\xff\xfe.txt")] = "a file name that is not UTF-8"
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    kinds["loop-a.txt"] = kinds["loop-b.txt"] = "symbolic link loop"
    (folder / "outside.txt").symlink_to("/etc/hostname")
    kinds["outside.txt"] = "symbolic link out of the folder"
    (folder / "broken.txt").symlink_to(folder / "missing-target.txt")
    kinds["broken.txt"] = "broken symbolic link"
    (folder / "linked-dir").symlink_to(folder.parent)
    kinds["linked-dir"] = "symbolic link to a folder"
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.txt")
        kinds["pipe.txt"] = "named pipe"
    return kinds


GOOD = {
    f"good-{n}.txt": (
        f"Shelling hit the town of Village{n} on October {n + 1}, 2020, killing {n + 2} "
        f"civilians, the defence ministry said. Officials in the capital denied the report "
        f"and said the army had targeted only military positions near Village{n}."
    )
    for n in range(5)
}
"""Good articles that share each hostile batch: every one must be stored."""
