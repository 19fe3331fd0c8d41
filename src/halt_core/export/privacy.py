"""What an export does with personal data of youths: decided in one place, applied before writing.

Youths appear in two places in a network: a referral's pseudonym and age, and the cases on a
meeting's agenda. Every export asks :func:`decide_personal_data` what to do with them, and
runs every record through the :class:`PersonalDataDecision` it returns before an exporter
sees it, so no exporter handles personal data on its own. By default an export
*pseudonymises*: each youth pseudonym is replaced by a token that means something only within
that one export, and so is each referral's id (and a case's link to its referral), so two
exports cannot be joined on them. Leaving youths out entirely, or including them as stored,
are explicit choices; including them needs a stated purpose.

Pseudonymising and omitting send no personal data of youths as stored, so they need no one's
permission. Including it does: :func:`halt_core.export.sharing.decide_export` asks the
sharing policy (:mod:`halt_core.privacy.policy`) for the purpose and the recipient, and the
decision it returns carries the policy's answer (:attr:`PersonalDataDecision.sharing`), which
leaves out whatever the policy does not allow and gathers what went out, for the disclosure
log (:meth:`PersonalDataDecision.disclosed`).

Free text (:data:`FREE_TEXT_FIELDS`: notes, agreements, agenda items, target-group
descriptions, evaluation summaries) is what people typed, so it may name a youth whatever
the mode: every export leaves it out unless asked to scrub it
(:func:`halt_core.privacy.scrub.scrub`) or, when including personal data for a purpose, to
keep it as typed (:class:`FreeText`).
Organisation names, collaboration and forum names, intervention titles and locations are
organisational and stay.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import secrets
import typing
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from halt_core.errors import InvalidValue
from halt_core.ids import ReferralId
from halt_core.model import Meeting, Partner, Referral
from halt_core.model.pseudonyms import YouthPseudonym, pseudonym_problem
from halt_core.privacy.categories import Category, category_of
from halt_core.privacy.disclosed import Disclosed, Gathered, never_shown, within
from halt_core.privacy.policy import Purpose, SharingDecision
from halt_core.privacy.scrub import OMITTED, scrub
from halt_core.storage.records import RECORD_KINDS

__all__ = [
    "FREE_TEXT_FIELDS",
    "OMITTED",
    "FreeText",
    "PersonalData",
    "PersonalDataDecision",
    "decide_personal_data",
]


class PersonalData(enum.StrEnum):
    """What an export is asked to do with personal data of youths."""

    PSEUDONYMISE = "pseudonymise"
    """Replace each youth pseudonym by a token valid in this export only (the default)."""
    OMIT = "omit"
    """Leave referrals out, and the cases on meeting agendas."""
    INCLUDE = "include"
    """Keep youth pseudonyms as stored; needs a purpose."""


class FreeText(enum.StrEnum):
    """What an export is asked to do with free text (:data:`FREE_TEXT_FIELDS`)."""

    OMIT = "omit"
    """Leave it out: empty, or ``[weggelaten]`` where a field cannot be empty (the default)."""
    SCRUB = "scrub"
    """Keep it scrubbed by :func:`halt_core.privacy.scrub.scrub`; names stay in it."""
    KEEP = "keep"
    """Keep it as typed; only when including personal data of youths, for a purpose."""


def _records_in(hint: Any) -> tuple[type, ...]:
    """The attrs classes a field's type holds (of ``tuple[AgendaItem, ...]``: AgendaItem)."""
    if isinstance(hint, type) and attrs.has(hint):
        return (hint,)
    return tuple(cls for arg in typing.get_args(hint) for cls in _records_in(arg))


def _free_text_of(
    classes: Iterable[type],
) -> tuple[dict[type, tuple[str, ...]], dict[type, tuple[str, ...]], frozenset[tuple[type, str]]]:
    """The free-text fields of ``classes`` and of the records they hold, by their categories.

    A field of :attr:`Category.FREE_TEXT <halt_core.privacy.categories.Category.FREE_TEXT>`
    holds typed text, or records that do (its category is the strictest of theirs): text
    fields are listed, record fields are followed. Returns the text fields by class, the
    record-holding fields by class, and the text fields that cannot be empty.
    """
    texts: dict[type, tuple[str, ...]] = {}
    nested: dict[type, tuple[str, ...]] = {}
    required: set[tuple[type, str]] = set()
    pending = list(classes)
    while pending:
        cls = pending.pop(0)
        if cls in texts or cls in nested:
            continue
        hints = typing.get_type_hints(cls)
        free = [f for f in attrs.fields(cls) if category_of(cls, f.name) is Category.FREE_TEXT]
        holding = [f.name for f in free if _records_in(hints[f.name])]
        typed = [f for f in free if f.name not in holding]
        if typed:
            texts[cls] = tuple(f.name for f in typed)
            required |= {(cls, f.name) for f in typed if f.default is attrs.NOTHING}
        if holding:
            nested[cls] = tuple(holding)
            # Followed right after their holder, so the listing reads as the records nest.
            pending[:0] = [inner for name in holding for inner in _records_in(hints[name])]
    return texts, nested, frozenset(required)


_TEXTS, _NESTED, _REQUIRED = _free_text_of(kind.type for kind in RECORD_KINDS.values())

FREE_TEXT_FIELDS: Mapping[type, tuple[str, ...]] = MappingProxyType(_TEXTS)
"""The free-text fields of each class whose records an export writes, by class.

Derived from the fields' categories (:class:`~halt_core.privacy.categories.Category`
``FREE_TEXT``): every field people type into, in the record kinds an export writes and in
the records they hold (a collaboration's agreements, a meeting's agenda items, an
intervention's target group and evaluation). Not free text, and kept: names of
organisations, collaborations and forums, intervention titles, locations and contact points.
"""

# The personal categories a record's fields are judged by (free text has its own choice).
_PER_RECORD = frozenset(c for c in Category if c.personal and c is not Category.FREE_TEXT)

_FREE_TEXT_NOTICES = {
    FreeText.OMIT: (
        "free text (notes, agreements, agenda items, target-group descriptions, evaluation "
        f"summaries) is left out: empty, or {OMITTED}"
    ),
    FreeText.SCRUB: (
        "free text (notes, agreements, agenda items, target-group descriptions, evaluation "
        "summaries) is scrubbed: pseudonyms, dates, BSN-like numbers, phone numbers, e-mail "
        "addresses, postcodes, street addresses and birth details are replaced by "
        "[verwijderd]; names are not recognised and may remain"
    ),
    FreeText.KEEP: "free text is included as typed",
}

_NOTICES = {
    PersonalData.PSEUDONYMISE: (
        "personal data of youths is pseudonymised: each youth pseudonym and each referral id "
        "is replaced by a token that only links records within this export"
    ),
    PersonalData.OMIT: (
        "personal data of youths is left out: no referrals and no cases on meeting agendas"
    ),
    PersonalData.INCLUDE: "personal data of youths is included as stored, for the purpose: {}",
}


def notice_of(
    mode: PersonalData, purpose: str | None, free_text: FreeText, detail: str = ""
) -> str:
    """What a decision says it does with personal data (``detail`` added) and free text."""
    return f"{_NOTICES[mode].format(purpose)}{detail}; {_FREE_TEXT_NOTICES[free_text]}"


@attrs.frozen(kw_only=True)
class PersonalDataDecision:
    """What one export does with personal data of youths and free text, and how it says so.

    Attributes:
        mode: omit, pseudonymise or include.
        purpose: why personal data is included (None unless ``mode`` is include).
        notice: a sentence for the export's header or metadata, saying what was done with
            personal data of youths and with free text.
        key: the secret behind this export's tokens; random per export unless given.
        free_text: omit (the default), scrub or keep (only with include).
        scrubbed: how many things scrubbing free text removed so far, by kind
            (:class:`~halt_core.privacy.scrub.ScrubKind` value); empty unless scrubbing.
        sharing: the sharing policy's decision that lets personal data be included (see
            :func:`~halt_core.export.sharing.decide_export`); fields of the categories it
            does not allow are left out. None unless including, and when made by
            :func:`decide_personal_data`, which asks no policy.
        shared_for: the purpose the policy was asked about, with ``sharing``.
        recipient: the partner the export is for, if the policy was asked about one.
        gathered: what went out so far of personal categories, with ``sharing``.

    """

    mode: PersonalData
    purpose: str | None = None
    notice: str
    key: bytes = attrs.field(repr=False, factory=lambda: secrets.token_bytes(32))
    free_text: FreeText = FreeText.OMIT
    scrubbed: Counter[str] = attrs.field(factory=Counter, eq=False, repr=False)
    sharing: SharingDecision | None = None
    shared_for: Purpose | None = None
    recipient: Partner | None = attrs.field(default=None, repr=False)
    gathered: Gathered = attrs.field(factory=Gathered, eq=False, repr=False)

    def token(self, youth: YouthPseudonym) -> YouthPseudonym:
        """The token that stands for ``youth`` in this export (same youth, same token)."""
        # A token is a pseudonym too: one whose digits happen to read as a phone number or a
        # date is refused by the model, so the next derivation is taken (same youth, same
        # token: the counter always starts at 0).
        for counter in range(64):
            message = youth.encode() + (b"" if counter == 0 else b"#%d" % counter)
            digest = hmac.new(self.key, message, hashlib.sha256).digest()
            candidate = "X-" + base64.b32encode(digest[:10]).decode()
            if pseudonym_problem(candidate) is None:
                return YouthPseudonym(candidate)
        raise AssertionError("no pseudonym-shaped token in 64 derivations")  # p < 1e-100

    def referral_token(self, referral: ReferralId) -> ReferralId:
        """The id that stands for ``referral`` in this export (same referral, same id).

        Derived like :meth:`token`, from this export's key, and shaped as a random (version
        4) UUID, so it fits wherever a referral id goes and says nothing of the stored one.
        """
        digest = hmac.new(self.key, b"referral:" + referral.bytes, hashlib.sha256).digest()
        return ReferralId(uuid.UUID(bytes=digest[:16], version=4))

    def withholds(self, record_type: type) -> bool:
        """Whether this export leaves out every record of ``record_type``."""
        if self.mode is PersonalData.OMIT:
            return record_type is Referral
        if self.mode is PersonalData.INCLUDE and self.sharing is not None:
            return never_shown(record_type, self.sharing.allowed)
        return False

    def disclosed(self) -> Disclosed | None:
        """What personal data went out so far, on :attr:`sharing`, for the disclosure log.

        None when the policy was not asked (personal data pseudonymised or left out, or a
        decision by :func:`decide_personal_data`), or nothing of a personal category went out.
        """
        if self.sharing is None or self.shared_for is None:
            return None
        recipient = self.recipient
        return self.gathered.disclosed(
            purpose=self.shared_for,
            decision=self.sharing,
            recipient=None if recipient is None else recipient.id,
            recipient_name=None if recipient is None else recipient.name,
        )

    def apply(self, record: Any) -> Any | None:
        """``record`` as this export may show it, or None when it must be left out."""
        if self.mode is PersonalData.OMIT and type(record) is Referral:
            return None
        shown = record if self.free_text is FreeText.KEEP else self._free_text(record, record)
        if self.mode is PersonalData.INCLUDE:
            if self.sharing is None:
                return shown
            if not _PER_RECORD.issubset(self.sharing.allowed):
                shown = within(shown, self.sharing.allowed)
                if shown is None:
                    return None
            self.gathered.add(shown)
            return shown
        if type(shown) is Referral:
            return attrs.evolve(
                shown, id=self.referral_token(shown.id), youth=self.token(shown.youth)
            )
        if type(shown) is Meeting and shown.cases:
            if self.mode is PersonalData.OMIT:
                return attrs.evolve(shown, cases=())
            cases = tuple(
                attrs.evolve(
                    c,
                    youth=self.token(c.youth),
                    referral=None if c.referral is None else self.referral_token(c.referral),
                )
                for c in shown.cases
            )
            return attrs.evolve(shown, cases=cases)
        return shown

    def _free_text(self, value: Any, record: Any) -> Any:
        """``value`` (of ``record``) with its free text left out or scrubbed."""
        kind = type(value)
        changes: dict[str, Any] = {}
        for name in FREE_TEXT_FIELDS.get(kind, ()):
            text = getattr(value, name)
            if text:
                changes[name] = self._treated(text, (kind, name) in _REQUIRED, record)
        for name in _NESTED.get(kind, ()):
            inner = getattr(value, name)
            if isinstance(inner, tuple):
                treated: Any = tuple(self._free_text(item, record) for item in inner)
            else:
                treated = None if inner is None else self._free_text(inner, record)
            if treated != inner:
                changes[name] = treated
        return attrs.evolve(value, **changes) if changes else value

    def _treated(self, text: str, required: bool, record: Any) -> str:
        if self.free_text is FreeText.OMIT:
            return OMITTED if required else ""
        known = frozenset(c.youth for c in record.cases) if type(record) is Meeting else ()
        found = scrub(text, pseudonyms=known)
        self.scrubbed.update({kind.value: n for kind, n in found.removed.items()})
        return found.text


def decide_personal_data(
    requested: PersonalData | str = PersonalData.PSEUDONYMISE,
    purpose: str | None = None,
    *,
    key: bytes | None = None,
    free_text: FreeText | str = FreeText.OMIT,
) -> PersonalDataDecision:
    """Decide what an export does with personal data of youths, and with free text.

    ``requested`` is what the caller asks for; including personal data needs ``purpose``,
    one sentence naming why (``"JCO case consultation 2026-11"``), which the export's header
    repeats. ``key`` fixes the pseudonymisation secret (to export the same tokens twice);
    by default each export gets a new one, so tokens cannot be linked across exports.
    A purpose is only for including personal data: given with any other mode it is refused,
    so a caller never believes it was recorded. A blank purpose counts as none.

    This asks no sharing policy: :func:`halt_core.export.export` decides with
    :func:`halt_core.export.sharing.decide_export`, which checks the same and then asks the
    policy whether personal data may be included. Use that one for a decision that
    records what went out.

    ``free_text`` says what happens to free text (:data:`FREE_TEXT_FIELDS`) in every mode:
    left out (the default), scrubbed, or kept as typed, which is only for including personal
    data (with its purpose): free text can name a youth whatever the mode.

    Raises :class:`~halt_core.errors.InvalidValue` for an unknown mode or free-text choice, a
    purpose that is not text, a missing purpose, a purpose without including personal data,
    or keeping free text without including personal data.
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
    try:
        text = FreeText(free_text)
    except ValueError:
        allowed = ", ".join(f.value for f in FreeText)
        raise InvalidValue("export", "free_text", free_text, f"one of {allowed}") from None
    if text is FreeText.KEEP and mode is not PersonalData.INCLUDE:
        raise InvalidValue(
            "export",
            "free_text",
            free_text,
            "free text is kept as typed only when personal data of youths is included, for a "
            "purpose (personal_data='include', purpose=...; --personal-data include --purpose "
            f"... on the command line), since it may name a youth; this export is asked to "
            f"{mode.value} personal data: scrub free text (free_text='scrub') or leave it out "
            "(the default)",
        )
    notice = notice_of(mode, purpose, text)
    if key is None:
        return PersonalDataDecision(mode=mode, purpose=purpose, notice=notice, free_text=text)
    return PersonalDataDecision(mode=mode, purpose=purpose, notice=notice, key=key, free_text=text)
