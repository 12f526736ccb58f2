"""Financing pages, one module per area."""
