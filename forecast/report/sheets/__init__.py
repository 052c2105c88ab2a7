"""One module per output sheet; each exposes ``NAME``, ``wanted(results, analyses)`` and ``write(ctx)``."""
