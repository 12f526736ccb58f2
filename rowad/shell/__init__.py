"""The shell: what sits above every area and knows them all — the home page and the main
menu. No models, no API; nothing imports it (see docs/architecture.md)."""
