"""One module per output sheet; each exposes ``NAME``, ``has_content(results)`` and ``write(ctx)``."""
