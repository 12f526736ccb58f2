"""Exports of the figures (XLSX, CSV): they read the engine like the pages, so a file
reconciles with the page it was downloaded from. `rows` says what the cells are; `xlsx`
and `csv` only write them."""
