"""Events as CloudEvents 1.0, by the NL GOV profile, and the signature receivers check.

A webhook receives each event as a CloudEvent in structured JSON mode
(``Content-Type: application/cloudevents+json``)::

    {"specversion": "1.0",
     "id": "<the event's id: drop duplicates by it>",
     "source": "urn:nld:oin:00000001003214345000:systeem:halt_core",
     "type": "nl.halt.intervention.scheduled",
     "subject": "<the id of the record it happened to>",
     "time": "2026-09-01T08:00:00Z",
     "datacontenttype": "application/json",
     "data": {...}}

``data`` holds references (ids) and fields that are no personal data: never a youth's
pseudonym, age or offence (see :func:`cloud_event_data`). The body is signed with
HMAC-SHA256 over ``"<unix seconds>." + body``, sent as
``Halt-Signature: t=<unix seconds>,v1=<hex>``; :func:`verify_signature` checks it on the
receiving side, in constant time and within a tolerance for the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import time
import typing
from collections.abc import Mapping
from typing import Any

import msgspec

from halt_core.errors import PHRASEBOOK, HaltError, InvalidValue
from halt_core.events import Event, ReferralEvent
from halt_core.privacy.scrub import OMITTED, scrub
from halt_core.serialization import to_dict

__all__ = [
    "CLOUDEVENTS_MEDIA_TYPE",
    "DEFAULT_SOURCE",
    "SIGNATURE_HEADER",
    "SignatureInvalid",
    "cloud_event",
    "cloud_event_data",
    "encode_cloud_event",
    "sign",
    "source_for_oin",
    "verify_signature",
]

CLOUDEVENTS_MEDIA_TYPE = "application/cloudevents+json"
"""The media type of a CloudEvent in structured JSON mode."""

SIGNATURE_HEADER = "Halt-Signature"
"""The HTTP header carrying the signature: ``t=<unix seconds>,v1=<hex HMAC-SHA256>``."""

DEFAULT_SOURCE = "urn:halt_core:systeem:halt_core"
"""The ``source`` when no OIN is configured; give yours with :func:`source_for_oin`."""

_OIN = re.compile(r"[0-9]{20}")
_REFERRAL_FIELDS = frozenset({"id", "type", "occurred_at", "referral", "from_status", "to_status"})
# Of a referral event, only these reach a body: which referral, and which step it took. The
# pseudonym, the age and the offence are in the referral record, never in its events, but an
# event's free text (a reason for refusing, say) could name a youth.


def source_for_oin(oin: str, system: str = "halt_core") -> str:
    """The NL GOV ``source`` URN of ``system`` run by the organisation with ``oin``.

    ``source_for_oin("00000001003214345000")`` is
    ``"urn:nld:oin:00000001003214345000:systeem:halt_core"``. Raises
    :class:`~halt_core.errors.InvalidValue` for an OIN that is not 20 digits or a system
    name that is not a plain word.
    """
    if not isinstance(oin, str) or not _OIN.fullmatch(oin):
        raise InvalidValue("source", "oin", oin, "expected an OIN: 20 digits")
    if not isinstance(system, str) or not re.fullmatch(r"[A-Za-z0-9._-]{1,60}", system):
        raise InvalidValue(
            "source", "system", system, "expected a name of letters, digits, '.', '_' or '-'"
        )
    return f"urn:nld:oin:{oin}:systeem:{system}"


def cloud_event_data(event: Event) -> dict[str, Any]:
    """The ``data`` of ``event``'s CloudEvent: references and fields that are no personal data.

    Everything of the event except the fields the envelope carries (``id``, ``type``,
    ``occurred_at``); of a referral event only which referral and which step (its reason or
    outcome stays home: free text could name a youth). Of other events, a ``reason`` is
    scrubbed (:func:`halt_core.privacy.scrub.scrub`: a name cannot be recognised and stays),
    and an evaluation's ``summary``, free text of the intervention's record as its notes
    are, is left out (:data:`~halt_core.privacy.scrub.OMITTED`), as exports leave it out.
    """
    document = typing.cast(dict[str, Any], to_dict(event))
    if isinstance(event, ReferralEvent):
        document = {k: v for k, v in document.items() if k in _REFERRAL_FIELDS}
    else:
        if isinstance(document.get("reason"), str):
            document["reason"] = scrub(document["reason"]).text
        evaluation = document.get("evaluation")
        if isinstance(evaluation, dict) and isinstance(evaluation.get("summary"), str):
            document["evaluation"] = {**evaluation, "summary": OMITTED}
    for envelope in ("id", "type", "occurred_at"):
        document.pop(envelope, None)
    return document


def cloud_event(event: Event, source: str = DEFAULT_SOURCE) -> dict[str, Any]:
    """``event`` as a CloudEvent 1.0 in structured JSON mode (a dict, ready to encode)."""
    occurred = event.occurred_at.astimezone(dt.UTC)
    return {
        "specversion": "1.0",
        "id": str(event.id),
        "source": source,
        "type": event.type,
        "subject": str(event.subject),
        "time": occurred.isoformat().replace("+00:00", "Z"),
        "datacontenttype": "application/json",
        "data": cloud_event_data(event),
    }


def encode_cloud_event(event: Event, source: str = DEFAULT_SOURCE) -> bytes:
    """The JSON body of ``event``'s CloudEvent, keys in a fixed order."""
    return msgspec.json.encode(cloud_event(event, source), order="deterministic")


def sign(body: bytes, secret: str | bytes, timestamp: int | None = None) -> str:
    """The :data:`SIGNATURE_HEADER` value for ``body``: ``t=<unix seconds>,v1=<hex>``.

    ``timestamp`` defaults to now. The HMAC-SHA256 covers ``"<t>." + body``, so a signed body
    cannot be replayed with another time.
    """
    moment = int(time.time()) if timestamp is None else int(timestamp)
    return f"t={moment},v1={_mac(body, secret, moment)}"


class SignatureInvalid(HaltError):
    """A webhook body's signature is missing, malformed, wrong or too old.

    Attributes:
        reason: what was wrong, in a few words.

    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(
            f"the {SIGNATURE_HEADER} header does not verify: {reason}. Check that sender and "
            "receiver share the secret (HALT_WEBHOOK_SECRET) and that both clocks are right"
        )

    def in_dutch(self) -> str:
        """``de header ... klopt niet: ...``."""
        return (
            f"de header {SIGNATURE_HEADER} klopt niet: {PHRASEBOOK.say(self.reason)}. Controleer "
            "dat afzender en ontvanger hetzelfde geheim gebruiken (HALT_WEBHOOK_SECRET) en dat "
            "beide klokken goed staan"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.reason,))


def verify_signature(
    body: bytes,
    header: str | None,
    secret: str | bytes,
    tolerance: float = 300,
    now: float | None = None,
) -> int:
    """Check the :data:`SIGNATURE_HEADER` value ``header`` of ``body``; its timestamp.

    The comparison takes constant time; a timestamp more than ``tolerance`` seconds from
    ``now`` (default: the clock) is refused, so a captured request cannot be replayed later.
    Raises :class:`SignatureInvalid` saying what was wrong.
    """
    if not header:
        raise SignatureInvalid("there is none")
    fields: Mapping[str, str] = dict(
        part.strip().split("=", 1) for part in header.split(",") if "=" in part
    )
    stamp, given = fields.get("t"), fields.get("v1")
    if stamp is None or given is None or not stamp.isdigit() or len(stamp) > 12:
        raise SignatureInvalid("expected t=<unix seconds>,v1=<hex>")
    moment = int(stamp)
    current = time.time() if now is None else now
    if abs(current - moment) > tolerance:
        raise SignatureInvalid(
            f"its time is {abs(current - moment):,.0f} s from now, more than {tolerance:g} s"
        )
    if not hmac.compare_digest(_mac(body, secret, moment), given):
        raise SignatureInvalid("the HMAC does not match the body")
    return moment


def _mac(body: bytes, secret: str | bytes, moment: int) -> str:
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, f"{moment}.".encode() + body, hashlib.sha256).hexdigest()
