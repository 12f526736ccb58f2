"""Notifications to holders (placeholder; filled below in this module's full version)."""


def notify_state_change(change_id: int) -> None:
    return None
