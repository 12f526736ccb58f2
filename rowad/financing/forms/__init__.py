"""Forms of the financing pages, one module per area."""
