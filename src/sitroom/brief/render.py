"""A brief as HTML (a standalone page, or its body for the web UI), Markdown or PDF.

One template per text format, filled from a ``Brief``; stored text is escaped in
both (HTML entities; Markdown's punctuation), so an article cannot add markup to a
brief. The PDF is the HTML page drawn by WeasyPrint (``pip install 'sitroom[brief]'``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

from sitroom import labels
from sitroom.brief.build import Brief
from sitroom.brief.figures import chart_svg, map_svg
from sitroom.errors import ExportError

FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".pdf": "pdf"}
"""File suffix -> the format written."""
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def http_url(url: str | None) -> str | None:
    """``url`` when it is a plain http(s) link, else None (no javascript: or data: links)."""
    parts = urlsplit((url or "").strip())
    ok = parts.scheme.lower() in ("http", "https") and parts.netloc
    return (url or "").strip() if ok else None


def _md(text: object) -> str:
    """Text with Markdown's punctuation escaped and line breaks folded, safe in a table cell."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _environment(autoescape: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("sitroom.brief", "templates"),
        autoescape=select_autoescape(["html"]) if autoescape else False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["safe_url"] = http_url
    env.filters["md"] = _md
    env.filters["squash"] = lambda text: " ".join(str(text).split())
    env.globals["type_label"] = labels.type_label
    env.filters["day"] = labels.date_label  # "17 Oct 2020", "Oct 2020", "undated"
    return env


_HTML = _environment(autoescape=True)
_TEXT = _environment(autoescape=False)


def css() -> str:
    """The brief's style sheet (screen and print)."""
    return resources.files("sitroom.brief").joinpath("brief.css").read_text(encoding="utf-8")


def render_body(brief: Brief) -> str:
    """The brief as an HTML fragment (an ``<article>``), figures inline as SVG."""
    return _HTML.get_template("_body.html").render(
        b=brief, chart=chart_svg(brief.days), map=map_svg(brief.points)
    )


def render_html(brief: Brief) -> str:
    """The brief as a standalone HTML page that works offline and prints."""
    return _HTML.get_template("brief.html").render(b=brief, css=css(), body=render_body(brief))


def render_markdown(brief: Brief, chart: str | None = None, map_: str | None = None) -> str:
    """The brief as Markdown; ``chart`` and ``map_`` name image files of the figures, if any."""
    return _TEXT.get_template("brief.md").render(b=brief, chart=chart, map=map_)


def render_pdf(brief: Brief) -> bytes:
    """The brief's HTML page drawn as a PDF by WeasyPrint."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango missing
        raise ExportError(
            f"a PDF brief needs WeasyPrint ({exc}): pip install 'sitroom[brief]'"
        ) from exc
    pdf: bytes = HTML(string=render_html(brief)).write_pdf()
    return pdf


def format_of(path: Path | None, fmt: str | None) -> str:
    """The format to write: ``fmt`` if given, else the one ``path``'s suffix names, else html."""
    if fmt:
        return fmt
    if path is None:
        return "html"
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        raise ExportError(
            f"{path}: cannot tell the format from the suffix {path.suffix or '(none)'!r}; "
            f"name a {', '.join(sorted(set(FORMATS)))} file or give --format"
        )
    return found


@dataclass(frozen=True, slots=True)
class Written:
    """What ``write_brief`` wrote: the brief and, for Markdown, its figures."""

    path: Path
    figures: tuple[Path, ...] = ()


def write_brief(brief: Brief, path: Path, fmt: str) -> Written:
    """Write the brief to ``path`` as ``fmt``; Markdown's figures go beside it as SVG files."""
    if path.is_dir():
        raise ExportError(f"{path} is a directory; give a file name for the brief")
    if fmt == "pdf":
        path.write_bytes(render_pdf(brief))
        return Written(path)
    if fmt == "html":
        path.write_text(render_html(brief), encoding="utf-8")
        return Written(path)
    figures = []
    names: dict[str, str | None] = {"chart": None, "map": None}
    for name, svg in (("chart", chart_svg(brief.days)), ("map", map_svg(brief.points))):
        if svg:
            figure = path.with_name(f"{path.stem}.{name}.svg")
            figure.write_text(svg + "\n", encoding="utf-8")
            figures.append(figure)
            names[name] = figure.name
    path.write_text(render_markdown(brief, names["chart"], names["map"]), encoding="utf-8")
    return Written(path, tuple(figures))
