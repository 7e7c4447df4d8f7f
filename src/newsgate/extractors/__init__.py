"""Extractors: one module per fact table. Each turns one article into rows with provenance."""
