"""Ingestion: read files, pages, feeds and URLs into cleaned Articles with metadata."""

from sitroom.ingest.build import build_article, content_hash
from sitroom.ingest.clean import clean_text
from sitroom.ingest.dedup import NearDuplicateIndex, shared_paragraphs
from sitroom.ingest.fetch import Fetcher
from sitroom.ingest.inputs import count_inputs, iter_inputs
from sitroom.ingest.language import detect_language
from sitroom.ingest.records import IngestFailure
from sitroom.ingest.watch import watch_files

__all__ = [
    "Fetcher",
    "IngestFailure",
    "NearDuplicateIndex",
    "build_article",
    "clean_text",
    "content_hash",
    "count_inputs",
    "detect_language",
    "iter_inputs",
    "shared_paragraphs",
    "watch_files",
]
