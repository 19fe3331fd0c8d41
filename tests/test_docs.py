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


def _code_blocks(page: str) -> list[str]:
    text = (Path(__file__).parent.parent / "docs" / page).read_text(encoding="utf-8")
    blocks = []
    for part in text.split(".. code-block:: python\n\n")[1:]:
        lines = []
        for line in part.splitlines():
            if line and not line.startswith("   "):
                break
            lines.append(line[3:])
        blocks.append("\n".join(lines))
    return blocks


@pytest.mark.parametrize(
    ("page", "name"),
    [("howto/write-an-exporter.rst", "markdown"), ("reference/hookspecs.rst", "names")],
)
def test_the_exporter_examples_in_the_docs_work(page: str, name: str) -> None:
    import io
    import types

    from halt_core.demo import generate
    from halt_core.export import export
    from halt_core.plugins import plugin_manager

    plugin = types.ModuleType("docs_example")
    blocks = [b for b in _code_blocks(page) if "def halt_exporters" in b]
    assert blocks, page
    exec(compile(blocks[0], page, "exec"), plugin.__dict__)
    out = io.BytesIO()
    network = generate(seed=3, size=40).network
    report = export(
        network, out, name, manager=plugin_manager(entry_points=False, plugins=[plugin])
    )
    assert report.total > 0
    assert (
        network.forums[0].name.encode() in out.getvalue()
        or network.partners[0].name.encode() in out.getvalue()
    )


@pytest.mark.parametrize("enum_type", DOMAIN_ENUMS)
def test_every_domain_value_has_dutch_words(enum_type) -> None:
    from halt_core.model.words import dutch, english

    for member in enum_type:
        assert dutch(member).strip()
        assert english(member).strip()
        if enum_type not in (PartnerKind, ForumKind, AreaKind, Level):
            # A Dutch word of its own, not the English value with its underscores dropped.
            assert dutch(member) != str(member.value).replace("_", " ") or member.value in {
                "arrondissement",
                "professionals",
                "intake",
            }, member
