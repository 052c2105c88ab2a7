"""The monthly cycle: rolling an input workbook on to the next period, and the forecast's history over a year."""
