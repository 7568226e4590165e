"""Errors the plugin shows to its users: the message is already translated and says what to do."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a failed source: shown as is in the message bar or the Processing log."""


class Cancelled(UserError):
    """The user cancelled the job; nothing half-done was kept."""
