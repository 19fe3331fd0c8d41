"""What an export does with personal data of youths: decided in one place, applied before writing.

Youths appear in two places in a network: a referral's pseudonym and age, and the cases on a
meeting's agenda. Every export asks :func:`decide_personal_data` what to do with them, and
runs every record through the :class:`PersonalDataDecision` it returns before an exporter
sees it, so no exporter handles personal data on its own. By default an export
*pseudonymises*: each youth pseudonym is replaced by a token that means something only within
that one export. Leaving youths out entirely, or including them as stored, are explicit
choices; including them needs a stated purpose.

The information-sharing policy (which purposes allow what, for which recipient) will decide
here too: :func:`decide_personal_data` is the one call to replace.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import secrets
from typing import Any

import attrs

from halt_core.errors import InvalidValue
from halt_core.model import Meeting, Referral
from halt_core.model.pseudonyms import YouthPseudonym

__all__ = ["PersonalData", "PersonalDataDecision", "decide_personal_data"]


class PersonalData(enum.StrEnum):
    """What an export is asked to do with personal data of youths."""

    PSEUDONYMISE = "pseudonymise"
    """Replace each youth pseudonym by a token valid in this export only (the default)."""
    OMIT = "omit"
    """Leave referrals out, and the cases on meeting agendas."""
    INCLUDE = "include"
    """Keep youth pseudonyms as stored; needs a purpose."""


_NOTICES = {
    PersonalData.PSEUDONYMISE: (
        "personal data of youths is pseudonymised: each youth pseudonym is replaced by a token "
        "that only links records within this export"
    ),
    PersonalData.OMIT: (
        "personal data of youths is left out: no referrals and no cases on meeting agendas"
    ),
    PersonalData.INCLUDE: "personal data of youths is included as stored, for the purpose: {}",
}


@attrs.frozen(kw_only=True)
class PersonalDataDecision:
    """What one export does with personal data of youths, and how it says so.

    Attributes:
        mode: omit, pseudonymise or include.
        purpose: why personal data is included (None unless ``mode`` is include).
        notice: one sentence for the export's header or metadata, saying what was done.
        key: the secret behind this export's tokens; random per export unless given.

    """

    mode: PersonalData
    purpose: str | None = None
    notice: str
    key: bytes = attrs.field(repr=False, factory=lambda: secrets.token_bytes(32))

    def token(self, youth: YouthPseudonym) -> YouthPseudonym:
        """The token that stands for ``youth`` in this export (same youth, same token)."""
        digest = hmac.new(self.key, youth.encode(), hashlib.sha256).digest()
        return YouthPseudonym("X-" + base64.b32encode(digest[:10]).decode())

    def withholds(self, record_type: type) -> bool:
        """Whether this export leaves out every record of ``record_type``."""
        return self.mode is PersonalData.OMIT and record_type is Referral

    def apply(self, record: Any) -> Any | None:
        """``record`` as this export may show it, or None when it must be left out."""
        if self.mode is PersonalData.INCLUDE:
            return record
        if type(record) is Referral:
            if self.mode is PersonalData.OMIT:
                return None
            return attrs.evolve(record, youth=self.token(record.youth))
        if type(record) is Meeting and record.cases:
            if self.mode is PersonalData.OMIT:
                return attrs.evolve(record, cases=())
            cases = tuple(attrs.evolve(c, youth=self.token(c.youth)) for c in record.cases)
            return attrs.evolve(record, cases=cases)
        return record


def decide_personal_data(
    requested: PersonalData | str = PersonalData.PSEUDONYMISE,
    purpose: str | None = None,
    *,
    key: bytes | None = None,
) -> PersonalDataDecision:
    """Decide what an export does with personal data of youths.

    ``requested`` is what the caller asks for; including personal data needs ``purpose``,
    one sentence naming why (``"JCO case consultation 2026-11"``), which the export's header
    repeats. ``key`` fixes the pseudonymisation secret (to export the same tokens twice);
    by default each export gets a new one, so tokens cannot be linked across exports.
    A purpose is only for including personal data: given with any other mode it is refused,
    so a caller never believes it was recorded. A blank purpose counts as none.
    Raises :class:`~halt_core.errors.InvalidValue` for an unknown mode, a purpose that is not
    text, a missing purpose, or a purpose without including personal data.
    """
    try:
        mode = PersonalData(requested)
    except ValueError:
        allowed = ", ".join(m.value for m in PersonalData)
        raise InvalidValue("export", "personal_data", requested, f"one of {allowed}") from None
    if purpose is not None and not isinstance(purpose, str):
        raise InvalidValue(
            "export", "purpose", purpose, "text saying why, e.g. purpose='JCO case consultation'"
        )
    if purpose is not None and not purpose.strip():
        purpose = None
    if mode is not PersonalData.INCLUDE and purpose is not None:
        raise InvalidValue(
            "export",
            "purpose",
            purpose,
            "a purpose is only for including personal data of youths, and this export is "
            f"asked to {mode.value} it: leave the purpose out, or ask to include it "
            "(personal_data='include'; --personal-data include on the command line)",
        )
    if mode is PersonalData.INCLUDE and purpose is None:
        raise InvalidValue(
            "export",
            "purpose",
            purpose,
            "including personal data of youths needs a purpose saying why, e.g. 'JCO case "
            "consultation' (purpose=...; --purpose on the command line); or pseudonymise it "
            "(the default) or omit it",
        )
    notice = _NOTICES[mode].format(purpose)
    if key is None:
        return PersonalDataDecision(mode=mode, purpose=purpose, notice=notice)
    return PersonalDataDecision(mode=mode, purpose=purpose, notice=notice, key=key)
