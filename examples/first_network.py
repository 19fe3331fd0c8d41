"""Build a small piece of Halt's network in Amsterdam, check it survives JSON, and print it.

Run it with ``python examples/first_network.py`` once halt-core is installed.
"""

from __future__ import annotations

import datetime as dt

from halt_core import (
    AMSTERDAM,
    AgeRange,
    Area,
    Arrondissement,
    Audience,
    CaseOnAgenda,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    ContactPoint,
    Forum,
    ForumId,
    ForumKind,
    Gazetteer,
    HaltRole,
    Intervention,
    InterventionId,
    InterventionKind,
    InterventionStatus,
    Level,
    Meeting,
    MeetingId,
    Network,
    OffenceCategory,
    Partner,
    PartnerId,
    PartnerKind,
    Period,
    ProblemArea,
    Referral,
    ReferralId,
    Session,
    TargetGroup,
    WorkDomain,
    YouthPseudonym,
    from_json,
    stable_id,
    to_json,
)
from halt_core.ids import CollaborationId


def build() -> Network:
    """A few partners, a forum with a meeting, a commission, a lesson and a referral."""
    amsterdam = Area.municipality(Gazetteer.load().find("Amsterdam").code)
    district = Area.arrondissement(Arrondissement.AMSTERDAM)

    def partner(name: str, kind: PartnerKind, level: Level, area: Area) -> Partner:
        return Partner(id=stable_id(PartnerId, name), name=name, kind=kind, level=level, area=area)

    police = partner("Politie eenheid Amsterdam", PartnerKind.POLICE, Level.REGIONAL, district)
    om = partner("OM Amsterdam", PartnerKind.PUBLIC_PROSECUTION, Level.REGIONAL, district)
    rvdk = partner(
        "Raad voor de Kinderbescherming Amsterdam",
        PartnerKind.CHILD_PROTECTION_BOARD,
        Level.REGIONAL,
        district,
    )
    city = Partner(
        id=stable_id(PartnerId, "Gemeente Amsterdam"),
        name="Gemeente Amsterdam",
        kind=PartnerKind.MUNICIPALITY,
        level=Level.LOCAL,
        area=amsterdam,
        contact_points=(ContactPoint(role="programma jeugd en veiligheid", email="jv@example.nl"),),
    )
    school = partner("OBS De Regenboog", PartnerKind.SCHOOL, Level.LOCAL, amsterdam)

    jco = Forum(
        id=stable_id(ForumId, "JCO Amsterdam"),
        name="JCO Amsterdam",
        kind=ForumKind.JCO,
        level=Level.REGIONAL,
        area=district,
        members=(om.id, police.id, rvdk.id),
        halt_role=HaltRole.INFORMATION_SUPPLIER,
        period=Period(start=dt.date(2020, 1, 1)),
    )
    meeting = Meeting(
        id=stable_id(MeetingId, "JCO Amsterdam", "2025-03-04"),
        forum=jco.id,
        start=dt.datetime(2025, 3, 4, 9, 30, tzinfo=AMSTERDAM),
        end=dt.datetime(2025, 3, 4, 11, 0, tzinfo=AMSTERDAM),
        location="Veiligheidshuis Amsterdam",
        cases=(CaseOnAgenda(youth=YouthPseudonym("Y-7F3K9Q2M"), municipality="GM0363"),),
    )
    commission = Collaboration(
        id=stable_id(CollaborationId, "Voorlichting Amsterdam 2025"),
        name="Voorlichting basisscholen Amsterdam 2025",
        kind=CollaborationKind.COMMISSION,
        domain=WorkDomain.PREVENTIVE,
        level=Level.LOCAL,
        area=amsterdam,
        partners=(city.id, school.id),
        commissioner=city.id,
        period=Period(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)),
        problem_areas=frozenset({ProblemArea.FIREWORKS, ProblemArea.VANDALISM}),
        status=CollaborationStatus.ACTIVE,
    )
    lesson = Intervention(
        id=stable_id(InterventionId, "Vuurwerkles Regenboog 2025"),
        kind=InterventionKind.INFORMATION_LESSON,
        title="Voorlichtingsles vuurwerk, groep 8",
        problem_areas=frozenset({ProblemArea.FIREWORKS}),
        target_group=TargetGroup(
            audience=Audience.PUPILS,
            description="groep 8",
            age_range=AgeRange(minimum=11, maximum=12),
            size=27,
        ),
        area=amsterdam,
        commissioner=city.id,
        school=school.id,
        collaboration=commission.id,
        sessions=(
            Session(
                start=dt.datetime(2025, 12, 10, 10, 0, tzinfo=AMSTERDAM),
                end=dt.datetime(2025, 12, 10, 11, 30, tzinfo=AMSTERDAM),
                location="OBS De Regenboog, lokaal 8",
                trainer="halt-ams-07",
            ),
        ),
        status=InterventionStatus.SCHEDULED,
        requested_on=dt.date(2025, 9, 15),
    )
    referral = Referral(
        id=stable_id(ReferralId, "Y-7F3K9Q2M", "2025-02-01"),
        referrer=police.id,
        youth=YouthPseudonym("Y-7F3K9Q2M"),
        age_at_offence=15,
        offence=OffenceCategory.SHOPLIFTING,
        offence_date=dt.date(2025, 2, 1),
        referred_on=dt.date(2025, 2, 3),
        municipality="GM0363",
    )
    return Network.empty().with_records(
        [police, om, rvdk, city, school, jco, meeting, commission, lesson, referral]
    )


def describe(network: Network) -> str:
    """A readable summary of ``network``."""
    lines = ["Halt's network in Amsterdam", ""]
    lines.append("Partners:")
    lines += [f"  - {p.name} ({p.kind.profile.english_name}, {p.level})" for p in network.partners]
    for forum in network.forums:
        lines.append(f"Forum: {forum.name}; Halt is {forum.halt_role.value.replace('_', ' ')}")
        for meeting in network.meetings_of(forum.id):
            lines.append(
                f"  meets {meeting.start:%d %b %Y %H:%M} at {meeting.location}, "
                f"{len(meeting.cases)} case(s) on the agenda"
            )
    for c in network.collaborations:
        commissioner = network.partner(c.commissioner).name if c.commissioner else "-"
        lines.append(
            f"Collaboration: {c.name} ({c.kind}, {c.status}), commissioned by {commissioner}"
        )
    for i in network.interventions:
        lines.append(f"Intervention: {i.title}: {i.status}, {len(i.sessions)} session(s)")
        lines += [f"  {s.start:%d %b %Y %H:%M}-{s.end:%H:%M} at {s.location}" for s in i.sessions]
    for r in network.referrals:
        lines.append(
            f"Referral: youth {r.youth}, {r.age_at_offence} years, {r.offence}, "
            f"by {network.partner(r.referrer).name}: {r.status}"
        )
    return "\n".join(lines)


def main() -> None:
    """Build, round-trip through JSON, and print."""
    network = build()
    data = to_json(network)
    if from_json(data, Network) != network:
        raise SystemExit("the network did not survive a round trip through JSON")
    print(describe(network))
    print(f"\nAs one JSON document: {len(data):,} bytes; read back, it equals the original.")


if __name__ == "__main__":
    main()
