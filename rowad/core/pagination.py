"""Pagination that stays fast on registries of millions of rows."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows (SELECT COUNT(*) FROM (... LIMIT n)): a search
    that matches 60,000 people says "more than 10,000" instead of counting them all.
    Figures that must be exact (dashboards) never use it."""

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap
