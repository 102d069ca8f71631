"""Serialisers shared by the CLI, the JSON API and file exports."""
