"""The financing pages, one module per area (formulas, plans and decisions); urls.py
lists them."""
