"""The store as the dispatcher's routes and messages read it, and its privacy log's say."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from halt_core.errors import HaltError
from halt_core.model import Collaboration, Forum, Intervention, Meeting, Partner, Referral
from halt_core.notify import DeliveryFailed
from halt_core.storage import PrivacyLogUnsupported, UnitOfWork

__all__ = ["StoreRecords", "can_record"]

_R = TypeVar("_R")

_REPOSITORIES: dict[type[Any], str] = {
    Partner: "partners",
    Collaboration: "collaborations",
    Forum: "forums",
    Meeting: "meetings",
    Intervention: "interventions",
    Referral: "referrals",
}


class StoreRecords:
    """The store's records as routes and messages read them, in one unit of work."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def _repository(self, record_type: type[Any]) -> Any:
        return getattr(self._uow, _REPOSITORIES[record_type])

    def find(self, record_type: type[_R], id: uuid.UUID) -> _R | None:
        """The stored record of ``record_type`` with ``id``, or None."""
        found: _R | None = self._repository(record_type).find(id)
        return found

    def version(self, record_type: type[object], id: uuid.UUID) -> int | None:
        """The stored version of that record, or None when there is none."""
        try:
            return int(self._repository(record_type).get_versioned(id).version)
        except HaltError:
            return None


def can_record(uow: UnitOfWork) -> None:
    """Refuse to send data about a youth from a store that cannot record the disclosure."""
    try:
        uow.privacy_log  # noqa: B018 -- made here, or refused
    except PrivacyLogUnsupported as exc:
        raise DeliveryFailed(
            f"the message carries data about a youth and {exc}", retryable=False
        ) from exc
