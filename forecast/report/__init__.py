"""Writers: the output workbook, paste-ready tables, the summary and narrative.

Kept free of imports on purpose: ``forecast summary`` imports
``forecast.report.summary`` and must not pay for xlsxwriter or openpyxl.
"""
