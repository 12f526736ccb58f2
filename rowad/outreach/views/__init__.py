"""Outreach pages, thin over services, queries and figures (split by area)."""
