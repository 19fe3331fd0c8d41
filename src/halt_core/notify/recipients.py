"""A partner a notification goes to."""

from __future__ import annotations

import attrs

from halt_core.ids import PartnerId
from halt_core.model._checks import check_types

__all__ = ["Recipient"]


@attrs.frozen(kw_only=True)
class Recipient:
    """A partner a notification goes to, with what a notifier needs to reach it.

    Attributes:
        partner: the partner's id.
        name: the partner's name, for the salutation.
        email: the e-mail address of its first contact point that has one, if any.
        language: the language to write in, ``"nl"`` or ``"en"``.
        reason: why it is told, in a few words (the route's name), e.g. ``"school"``.

    """

    partner: PartnerId
    name: str
    email: str | None = None
    language: str = "nl"
    reason: str = ""

    def __attrs_post_init__(self) -> None:
        check_types(self)
