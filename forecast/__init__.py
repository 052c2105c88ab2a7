"""forecast: children's social care budget forecasting for English councils."""

__version__ = "0.1.0"
