"""The sharing policy: for a recipient and a purpose, which categories of data may go out.

Every disclosure of data about a youth needs a purpose, a legal basis and a recipient
entitled to it, and only the data the purpose needs. A :class:`SharingPolicy` decides that
for one :class:`SharingRequest` (who receives, at which forum or meeting, for what purpose,
about which referral) and answers with a :class:`SharingDecision` that explains itself in
English and Dutch. It denies unless a rule allows: a request no rule speaks to is refused,
saying so.

Organisational data (names of organisations, dates, statuses of Halt's work) and contact
data of professionals are not personal data of youths; every decision allows them.

The Halt-like defaults (:data:`DEFAULT_RULES`), in short:

- **case consultation**: a member of a forum that discusses cases (the JCO, a Zorg- en
  Veiligheidshuis case consultation), of a kind in the youth justice chain, receives the
  pseudonymous reference, the youth's personal and justice data; a school, youth work or any
  other kind does not, and neither does a partner that is not a member;
- **reporting back to the referrer**: the partner that referred the youth receives the
  reference and the outcome (justice data), nothing more;
- **statistics** and **commission reporting**: organisational data only;
- **subject access**: the youth (or a parent) receives everything held, free text included;
- **own use**: a copy of Halt's records for Halt itself (moving the store, an audit), on
  the ground of its public task; never to a partner.

A tool configures its own policy (``SharingPolicy(rules=(...))``), and a plugin adds rules
with the hook ``halt_sharing_rules``; added rules are asked first.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable

import attrs

from halt_core.errors import InvalidValue
from halt_core.model import Forum, Meeting, Partner, PartnerKind, Referral
from halt_core.privacy.categories import Category

__all__ = [
    "ALWAYS_SHARED",
    "DEFAULT_POLICY",
    "DEFAULT_RULES",
    "LegalBasis",
    "Purpose",
    "SharingDecision",
    "SharingPolicy",
    "SharingRequest",
    "SharingRule",
    "may_receive_justice_data",
    "refused",
]


class Purpose(enum.StrEnum):
    """Why data is shared."""

    CASE_CONSULTATION = "case_consultation"
    """Discussing a youth at a case consultation (JCO, Zorg- en Veiligheidshuis)."""
    REPORT_TO_REFERRER = "report_to_referrer"
    """Telling the referrer (police, BOA, compulsory education) how a referral ended."""
    STATISTICS = "statistics"
    """Counting Halt's work: no data about any one youth."""
    COMMISSION_REPORTING = "commission_reporting"
    """Reporting to a commissioning client on the work it commissioned."""
    SUBJECT_ACCESS = "subject_access"
    """Answering a youth or parent who asks what Halt holds about them (AVG art. 15)."""
    OWN_USE = "own_use"
    """Halt's own use of its records as stored, for a purpose stated in words: moving the
    store, a backup, an audit by Halt's privacy officer. For Halt itself, never a partner."""

    @property
    def dutch(self) -> str:
        """The purpose in Dutch words, e.g. ``"casusoverleg"``."""
        return _DUTCH[self]


class LegalBasis(enum.StrEnum):
    """The ground in law a disclosure rests on."""

    WJSG = "wjsg"
    """Wet justitiële en strafvorderlijke gegevens: justice data to partners of the chain."""
    PUBLIC_TASK = "avg_6_1_e"
    """AVG art. 6(1)(e): a task carried out in the public interest."""
    SUBJECT_ACCESS = "avg_15"
    """AVG art. 15: the data subject's right of access."""
    NONE_NEEDED = "none_needed"
    """No personal data goes out: no legal basis is needed."""

    @property
    def dutch(self) -> str:
        """The legal basis in Dutch words, for a youth or parent to read."""
        return _BASIS_DUTCH[self]


ALWAYS_SHARED = frozenset({Category.ORGANISATIONAL, Category.PROFESSIONAL_CONTACT})
"""What every decision allows: data about organisations and the professionals in them."""


@attrs.frozen(kw_only=True)
class SharingRequest:
    """A question to the policy: whether data may go to this recipient, for this purpose.

    Attributes:
        purpose: why it would be shared.
        recipient: the partner that would receive it; None for the youth or parent
            (subject access) or for Halt itself (statistics).
        forum: the forum it would be shared at, for a case consultation.
        meeting: the meeting of that forum, if known.
        referral: the referral the data is about, if it is about one youth.

    """

    purpose: Purpose
    recipient: Partner | None = None
    forum: Forum | None = None
    meeting: Meeting | None = None
    referral: Referral | None = None


@attrs.frozen(kw_only=True)
class SharingDecision:
    """The policy's answer: which categories may go out, on what basis, and why.

    Attributes:
        allowed: the categories that may go out (always :data:`ALWAYS_SHARED`; more when a
            rule allows it).
        legal_basis: the ground the disclosure of personal data rests on; None when no
            personal data may go out.
        rule: the name of the rule that decided, or ``"default"`` when none did.
        reason_en: why, in English.
        reason_nl: why, in Dutch.

    """

    allowed: frozenset[Category]
    legal_basis: LegalBasis | None
    rule: str
    reason_en: str
    reason_nl: str

    @property
    def personal_data_allowed(self) -> bool:
        """Whether any personal data of a youth may go out."""
        return any(category.personal for category in self.allowed)

    def allows(self, category: Category) -> bool:
        """Whether data of ``category`` may go out."""
        return category in self.allowed

    def reason(self, language: str = "en") -> str:
        """The explanation in ``language``: ``"en"`` or ``"nl"``."""
        if language == "nl":
            return self.reason_nl
        if language == "en":
            return self.reason_en
        raise InvalidValue("SharingDecision", "language", language, "expected 'en' or 'nl'")


def may_receive_justice_data(kind: PartnerKind) -> bool:
    """Whether a partner of ``kind`` may receive justice data about youths at a case consultation.

    Only partners of the youth justice chain (:attr:`PartnerKind.is_chain_partner
    <halt_core.model.PartnerKind.is_chain_partner>`: police, the OM, the child protection
    board, youth care and youth probation, municipalities, safety houses, compulsory
    education, the ministry of Justice and Security) may: the Wet justitiële en strafvorderlijke
    gegevens gives them the basis. A school, youth work or any other kind may not, and leaves
    the table while a youth is discussed. The default policy's case-consultation rule and the
    rule ``HC-FORUM-012`` both ask this one question.
    """
    return kind.is_chain_partner


def refused(rule: str, en: str, nl: str) -> SharingDecision:
    """A decision that allows organisational data only."""
    return SharingDecision(
        allowed=ALWAYS_SHARED, legal_basis=None, rule=rule, reason_en=en, reason_nl=nl
    )


@attrs.frozen(kw_only=True)
class SharingRule:
    """One rule of a policy: for the purposes it covers, it decides, or has no opinion.

    Attributes:
        name: a short name of its own, e.g. ``"case-consultation"``; plugins prefix theirs.
        purposes: the purposes it speaks to.
        decide: given a request for one of them, a decision, or None to leave it to the next
            rule.
        description: what it does, in a sentence, for the docs.

    """

    name: str
    purposes: frozenset[Purpose]
    decide: Callable[[SharingRequest], SharingDecision | None] = attrs.field(repr=False)
    description: str = ""


@attrs.frozen
class SharingPolicy:
    """Rules asked in order; the first that decides, decides. Denies when none does.

    Attributes:
        rules: the rules, asked in this order.

    """

    rules: tuple[SharingRule, ...]

    def __attrs_post_init__(self) -> None:
        names = [rule.name for rule in self.rules]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise InvalidValue("SharingPolicy", "rules", twice, "each rule needs a name of its own")

    def decide(self, request: SharingRequest) -> SharingDecision:
        """What may go out for ``request``, and why."""
        for rule in self.rules:
            if request.purpose in rule.purposes:
                decision = rule.decide(request)
                if decision is not None:
                    return decision
        return refused(
            "default",
            f"no rule allows sharing personal data for {request.purpose.value}; the policy "
            "denies what it does not allow",
            f"geen regel staat delen van persoonsgegevens toe voor {_DUTCH[request.purpose]}; "
            "het beleid weigert wat het niet toestaat",
        )

    def with_rules(self, rules: Iterable[SharingRule]) -> SharingPolicy:
        """A policy asking ``rules`` first (a tool's or a plugin's own), then these."""
        return SharingPolicy((*rules, *self.rules))


_DUTCH = {
    Purpose.CASE_CONSULTATION: "casusoverleg",
    Purpose.REPORT_TO_REFERRER: "terugmelding aan de verwijzer",
    Purpose.STATISTICS: "statistiek",
    Purpose.COMMISSION_REPORTING: "verantwoording aan de opdrachtgever",
    Purpose.SUBJECT_ACCESS: "inzage door de betrokkene",
    Purpose.OWN_USE: "eigen gebruik door Halt",
}

_BASIS_DUTCH = {
    LegalBasis.WJSG: "Wet justitiële en strafvorderlijke gegevens (gegevens delen in de "
    "justitieketen)",
    LegalBasis.PUBLIC_TASK: "AVG artikel 6 lid 1 onder e (een taak van algemeen belang)",
    LegalBasis.SUBJECT_ACCESS: "AVG artikel 15 (recht op inzage)",
    LegalBasis.NONE_NEEDED: "geen nodig: er gaan geen persoonsgegevens naar buiten",
}

_JUSTICE = frozenset(
    {
        *ALWAYS_SHARED,
        Category.PSEUDONYMOUS_REFERENCE,
        Category.YOUTH_PERSONAL,
        Category.YOUTH_JUSTICE,
    }
)


def _case_consultation(request: SharingRequest) -> SharingDecision:
    forum, recipient = request.forum, request.recipient
    if forum is None or recipient is None:
        return refused(
            "case-consultation",
            "a case consultation shares with a partner at a forum; name both",
            "een casusoverleg deelt met een partner aan een overlegtafel; noem beide",
        )
    if not forum.kind.profile.discusses_cases:
        return refused(
            "case-consultation",
            f"{forum.name} does not discuss cases of youths",
            f"{forum.name} bespreekt geen casussen van jongeren",
        )
    if recipient.id not in forum.members:
        return refused(
            "case-consultation",
            f"{recipient.name} is not a member of {forum.name}",
            f"{recipient.name} is geen lid van {forum.name}",
        )
    if not may_receive_justice_data(recipient.kind):
        return refused(
            "case-consultation",
            f"{recipient.name} is a {recipient.kind.profile.english_name}, not a partner of the "
            "youth justice chain; it may not receive justice data about youths",
            f"{recipient.name} is een {recipient.kind.profile.dutch_name.lower()}, geen "
            "ketenpartner; justitiële gegevens over jongeren mogen er niet heen",
        )
    return SharingDecision(
        allowed=_JUSTICE,
        legal_basis=LegalBasis.WJSG,
        rule="case-consultation",
        reason_en=f"{recipient.name} is a chain partner and a member of {forum.name}, which "
        "discusses cases",
        reason_nl=f"{recipient.name} is ketenpartner en lid van {forum.name}, dat casussen "
        "bespreekt",
    )


def _report_to_referrer(request: SharingRequest) -> SharingDecision:
    referral, recipient = request.referral, request.recipient
    if referral is None or recipient is None or recipient.id != referral.referrer:
        return refused(
            "report-to-referrer",
            "only the partner that referred the youth is told how the referral ended",
            "alleen de verwijzer hoort hoe de verwijzing afliep",
        )
    return SharingDecision(
        allowed=frozenset(
            {*ALWAYS_SHARED, Category.PSEUDONYMOUS_REFERENCE, Category.YOUTH_JUSTICE}
        ),
        legal_basis=LegalBasis.WJSG,
        rule="report-to-referrer",
        reason_en=f"{recipient.name} referred the youth and is told the outcome",
        reason_nl=f"{recipient.name} verwees de jongere en hoort de afloop",
    )


def _organisational_only(request: SharingRequest) -> SharingDecision:
    purpose = request.purpose
    return SharingDecision(
        allowed=ALWAYS_SHARED,
        legal_basis=LegalBasis.NONE_NEEDED,
        rule="organisational-only",
        reason_en=f"{purpose.value} needs no data about any one youth",
        reason_nl=f"voor {_DUTCH[purpose]} zijn geen gegevens over één jongere nodig",
    )


def _subject_access(request: SharingRequest) -> SharingDecision:
    return SharingDecision(
        allowed=frozenset(Category),
        legal_basis=LegalBasis.SUBJECT_ACCESS,
        rule="subject-access",
        reason_en="the youth (or a parent) has the right to see everything held about them",
        reason_nl="de jongere (of een ouder) heeft recht op inzage in alles wat over hem of "
        "haar is vastgelegd",
    )


def _own_use(request: SharingRequest) -> SharingDecision:
    recipient = request.recipient
    if recipient is not None:
        return refused(
            "own-use",
            f"a copy for Halt's own use goes to no partner; {recipient.name} receives data "
            "only for a purpose of its own (a case consultation, a report to the referrer)",
            f"een kopie voor eigen gebruik door Halt gaat niet naar een partner; "
            f"{recipient.name} krijgt alleen gegevens voor een eigen doel (casusoverleg, "
            "terugmelding aan de verwijzer)",
        )
    return SharingDecision(
        allowed=frozenset(Category),
        legal_basis=LegalBasis.PUBLIC_TASK,
        rule="own-use",
        reason_en="Halt's own records, for its public task and the purpose stated; the copy "
        "stays with Halt",
        reason_nl="eigen gegevens van Halt, voor zijn publieke taak en het opgegeven doel; de "
        "kopie blijft bij Halt",
    )


DEFAULT_RULES: tuple[SharingRule, ...] = (
    SharingRule(
        name="case-consultation",
        purposes=frozenset({Purpose.CASE_CONSULTATION}),
        decide=_case_consultation,
        description="A chain partner that is a member of a forum discussing cases receives the "
        "reference and the youth's personal and justice data; no one else does.",
    ),
    SharingRule(
        name="report-to-referrer",
        purposes=frozenset({Purpose.REPORT_TO_REFERRER}),
        decide=_report_to_referrer,
        description="The referrer receives the reference and the outcome.",
    ),
    SharingRule(
        name="organisational-only",
        purposes=frozenset({Purpose.STATISTICS, Purpose.COMMISSION_REPORTING}),
        decide=_organisational_only,
        description="Statistics and commission reporting get organisational data only.",
    ),
    SharingRule(
        name="subject-access",
        purposes=frozenset({Purpose.SUBJECT_ACCESS}),
        decide=_subject_access,
        description="The youth or a parent receives everything held, free text included.",
    ),
    SharingRule(
        name="own-use",
        purposes=frozenset({Purpose.OWN_USE}),
        decide=_own_use,
        description="A copy of Halt's records as stored, for Halt itself and a purpose it "
        "states (moving the store, an audit); never to a partner.",
    ),
)
"""The Halt-like default rules (see the module docstring)."""

DEFAULT_POLICY = SharingPolicy(DEFAULT_RULES)
"""The default policy: :data:`DEFAULT_RULES`, denying what they do not allow."""
