"""Fetchers: the IATI Registry, ReliefWeb and RSS/Atom feeds -> files on disk -> ingest.

Fetchers only produce files and hand them to :func:`dashboard.ingest.ingest_paths`, with what they checked
(:class:`dashboard.sources.state.SourceCheck`) so that ingest records each source's freshness in the
``source_status`` table. They never write a table themselves.

Downloads and what each source already gave (ETags, checksums, item ids) live beside the store, in
``<store>.sources/``: the store folder itself is replaced as a whole at every write.
"""
