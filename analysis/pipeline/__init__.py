"""Pipeline helpers: caches keyed on content and code, chunked streaming, the Dask engine.

Modules:

- cache (group tables cached on disk)
- streaming (resumable chunked scoring)
- scale (Dask engine)
"""
