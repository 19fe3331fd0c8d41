"""Exports ask the sharing policy before they include personal data of youths.

The export's modes (``--personal-data``) are what the policy decides, seen from an export:

``pseudonymise`` and ``omit``
    No personal data of a youth goes out as stored: pseudonyms and referral ids become
    tokens of this one export, or are left out. No permission is needed, so the policy is
    not asked, and nothing is recorded in the disclosure log.
``include``
    Personal data goes out as stored, so the policy decides
    (:meth:`SharingPolicy.decide <halt_core.privacy.policy.SharingPolicy.decide>`) for the
    export's purpose and, if named, the partner it is for. A decision that allows no
    personal data of a youth is a refusal (:class:`~halt_core.errors.SharingRefused`, with
    the policy's reason); one that allows some categories and not others includes the
    allowed ones and leaves the rest out (:func:`halt_core.privacy.disclosed.within`). What
    went out is gathered for the disclosure log (:attr:`ExportReport.disclosed
    <halt_core.export.ExportReport.disclosed>`).

Free text follows its own choice: left out or scrubbed in every mode without asking, since
neither sends it as typed; kept as typed only when the policy's decision allows free text.

The purpose is the policy's :class:`~halt_core.privacy.policy.Purpose` when it names one
(``"subject_access"``, ``"case_consultation"``, ...); any other text states a purpose of
Halt's own, such as moving the store to another one (see :func:`policy_purpose`).
"""

from __future__ import annotations

import attrs

from halt_core.errors import InvalidValue, SharingRefused
from halt_core.export.privacy import (
    FreeText,
    PersonalData,
    PersonalDataDecision,
    decide_personal_data,
    notice_of,
)
from halt_core.model import Partner
from halt_core.privacy.categories import Category
from halt_core.privacy.policy import (
    DEFAULT_POLICY,
    LegalBasis,
    Purpose,
    SharingDecision,
    SharingPolicy,
    SharingRequest,
)

__all__ = ["decide_export", "policy_purpose"]


_REFUSED_HINT = (
    "pseudonymise personal data (the default) or leave it out (omit), or ask for a purpose "
    "and recipient the policy allows"
)


def policy_purpose(purpose: Purpose | str) -> Purpose:
    """The policy's purpose for an export's ``purpose``.

    A :class:`~halt_core.privacy.policy.Purpose`, or its value in any case, is that
    purpose (``"subject_access"``); other text states a purpose of Halt's own (``"moving
    the store"``): :attr:`Purpose.OWN_USE <halt_core.privacy.policy.Purpose.OWN_USE>`.
    """
    if isinstance(purpose, Purpose):
        return purpose
    word = purpose.strip().lower().replace("-", "_")
    return Purpose.__members__.get(word.upper(), Purpose.OWN_USE)


def decide_export(
    personal_data: PersonalData | str = PersonalData.PSEUDONYMISE,
    purpose: Purpose | str | None = None,
    *,
    free_text: FreeText | str = FreeText.OMIT,
    recipient: Partner | None = None,
    policy: SharingPolicy = DEFAULT_POLICY,
    key: bytes | None = None,
) -> PersonalDataDecision:
    """Decide what an export does with personal data of youths, asking ``policy`` to include it.

    Checks ``personal_data``, ``purpose``, ``free_text`` and ``key`` as
    :func:`~halt_core.export.privacy.decide_personal_data` does. To include personal data,
    asks ``policy`` for the purpose (:func:`policy_purpose`) and ``recipient`` (the partner
    the export is for; None for a file for Halt itself), and returns a decision carrying the
    policy's answer: what it does not allow is left out of every record, and what goes out
    is gathered for the disclosure log.

    Raises :class:`~halt_core.errors.SharingRefused` with the policy's reason when it allows
    no personal data of a youth for that purpose and recipient, or no legal basis for it, or
    free text is to be kept and the policy does not allow free text; and
    :class:`~halt_core.errors.InvalidValue` for a recipient that is not a partner, or one
    given without including personal data.
    """
    decision = decide_personal_data(personal_data, purpose, key=key, free_text=free_text)
    if recipient is not None and not isinstance(recipient, Partner):
        raise InvalidValue(
            "export", "recipient", recipient, "the Partner the export is for, or None"
        )
    if recipient is not None and decision.mode is not PersonalData.INCLUDE:
        raise InvalidValue(
            "export",
            "recipient",
            recipient.name,
            "a recipient is named only to include personal data of youths for it; this "
            f"export is asked to {decision.mode.value} personal data: leave the recipient "
            "out, or include personal data (personal_data='include', purpose=...)",
        )
    if decision.mode is not PersonalData.INCLUDE:
        return decision  # no personal data as stored goes out: nothing to ask
    assert decision.purpose is not None  # decide_personal_data: include needs one
    asked = policy_purpose(decision.purpose)
    sharing = policy.decide(SharingRequest(purpose=asked, recipient=recipient))
    if not sharing.personal_data_allowed or sharing.legal_basis in (None, LegalBasis.NONE_NEEDED):
        raise _refusal("including personal data of youths in an export", sharing, _REFUSED_HINT)
    if decision.free_text is FreeText.KEEP and not sharing.allows(Category.FREE_TEXT):
        raise _refusal(
            "keeping free text as typed in an export",
            sharing,
            "scrub it (free_text='scrub'; --free-text scrub) or leave it out (the default)",
        )
    return attrs.evolve(
        decision,
        notice=notice_of(
            decision.mode, decision.purpose, decision.free_text, _detail(sharing, recipient)
        ),
        sharing=sharing,
        shared_for=asked,
        recipient=recipient,
    )


def _refusal(what: str, sharing: SharingDecision, hint: str) -> SharingRefused:
    return SharingRefused(what, sharing.rule, sharing.reason_en, sharing.reason_nl, hint)


def _detail(sharing: SharingDecision, recipient: Partner | None) -> str:
    """What the include notice adds: for whom, and what the policy left out, if anything."""
    included = "" if recipient is None else f", for {recipient.name}"
    refused = [
        c.value.replace("_", " ")
        for c in Category
        if c.personal and c is not Category.FREE_TEXT and not sharing.allows(c)
    ]
    if refused:
        included += (
            f"; the sharing policy (rule {sharing.rule}) does not allow {', '.join(refused)} "
            "data: such fields are left out, and records that cannot go without them too"
        )
    return included
