"""No API yet: the requests are answered on the officer's pages (docs/protection.md)."""


def register(router) -> None:
    return None
