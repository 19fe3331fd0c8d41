"""The docs keep their promises: the glossary names every domain term the code has."""

from pathlib import Path

import pytest

from halt_core.model import (
    AreaKind,
    Audience,
    CollaborationKind,
    CollaborationStatus,
    ForumKind,
    HaltRole,
    InterventionKind,
    InterventionStatus,
    Level,
    OffenceCategory,
    OutcomeResult,
    PartnerKind,
    ProblemArea,
    ReferralStatus,
    WorkDomain,
)

GLOSSARY = Path(__file__).parent.parent / "docs" / "glossary.rst"
DOMAIN_ENUMS = [
    AreaKind,
    Audience,
    CollaborationKind,
    CollaborationStatus,
    ForumKind,
    HaltRole,
    InterventionKind,
    InterventionStatus,
    Level,
    OffenceCategory,
    OutcomeResult,
    PartnerKind,
    ProblemArea,
    ReferralStatus,
    WorkDomain,
]


@pytest.mark.parametrize("enum", DOMAIN_ENUMS, ids=lambda e: e.__name__)
def test_the_glossary_names_every_member_in_its_code_spelling(enum):
    text = GLOSSARY.read_text(encoding="utf-8")
    missing = [m.name for m in enum if f"{enum.__name__}.{m.name}`" not in text]
    assert not missing, f"add these to docs/glossary.rst: {missing}"


@pytest.mark.parametrize(
    "term",
    [
        "AJB",
        "APJ",
        "JCO",
        "casusoverleg",
        "opdrachtgever",
        "Veilige Publieke Taak",
        "jeugdrechtsketen",
    ],
)
def test_the_glossary_explains_the_dutch_terms_of_the_domain(term):
    assert term in GLOSSARY.read_text(encoding="utf-8")
