"""The web face of sitroom: a JSON API and server-rendered pages over the query layer."""

from sitroom.web.app import create_app

__all__ = ["create_app"]
