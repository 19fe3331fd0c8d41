"""A realistic demo network: deterministic, plausible, and optionally with planted faults.

:func:`generate` builds a :class:`Demo` from a seed and a size: partners spread over real
municipalities in all 11 arrondissementen, by their inhabitants (national, regional and
local; see :func:`generate` for how), forums of every kind with
their meetings (case consultations with pseudonymous cases, some of them linked to their
referral, and who was at the table: a youth-work or school member of a safety-house
consultation leaves it for every case), collaborations (chain cooperation,
covenants, commissions, networks), preventive interventions in every status, and
pseudonymous referrals. The same seed and size give the same network, record for record.

A clean demo breaks no rule at :attr:`Demo.now`. Ask for violations with ``plant``: a
mapping from rule id to how many violations of that rule to add; each planted one is a new
record built to break that rule and nothing else, so a check finds exactly what was planted::

    demo = generate(seed=7, size=200, plant={"HC-FORUM-003": 2})
    report = default_rules().check(demo.network, now=demo.now)
    assert report.counts() == {"HC-FORUM-003": 2}

Contact details and registry numbers are well-formed, pass the model's checks, and belong to
nobody:

- every partner's contact point has an e-mail address at ``example.nl`` (the name in ASCII,
  words joined by single dots, at most 64 characters before the ``@``) and a phone number
  in E.164 with the area code of the partner's arrondissement (070 for national partners) and
  a subscriber number starting with 0, e.g. ``+31200123456``. The Netherlands has no
  reserved range for fiction that we could verify; Dutch subscriber numbers never start with
  0 or 1, so these are never assigned, yet libphonenumber finds them valid;
- every government partner (:attr:`~halt_core.model.PartnerKindProfile.government`) has an
  OIN with the prefix ``00000005``, which the OIN system's prefix table lists as free (not
  yet assigned to a register), then a 9-digit counter and ``000``;
- every school has a BRIN from the block 90AA to 99ZZ, which no school has (past it, further
  schools get vestigingsnummers of those: ``90AA01``);
- every business has a KvK number starting with ``00``, which no KvK number does (the first
  two digits were the code of a chamber, and those start at 01), then a 6-digit counter.

Numbers come from counters and phone numbers from a generator of their own, seeded from the
seed; they take no draws from the generator of the rest, so a seed gives the same records as
before they were added.
"""

from __future__ import annotations

import datetime as dt
import types
import uuid
from collections.abc import Iterable, Mapping
from typing import Literal

import attrs

from halt_core.demo._base import Progress
from halt_core.demo._build import Builder
from halt_core.demo._plant import PLANTERS
from halt_core.errors import InvalidValue, NotFound
from halt_core.model import Gazetteer, Network

__all__ = [
    "DEFAULT_AS_OF",
    "MINIMUM_SIZE",
    "SIZES",
    "SPREADS",
    "Demo",
    "Progress",
    "Spread",
    "generate",
    "plantable_rules",
]

DEFAULT_AS_OF = dt.date(2026, 9, 1)
"""The day a demo is generated "as of" by default: the start of school year 2026-2027."""

MINIMUM_SIZE = 40
"""The smallest size that makes a network with every kind of record; smaller sizes get this."""

SIZES: Mapping[str, int] = types.MappingProxyType(
    {"small": 200, "region": 5_500, "national": 55_000}
)
"""Named sizes a newcomer can pick, with what each holds (counted for seed 2024; the even
spread of :func:`generate` holds as many, within a few collaborations and forums):

- ``small`` (200): about 3,800 records: 200 partners, 71 forums, 1,000 meetings,
  85 collaborations, 2,000 interventions and 400 referrals; generated in a second.
  The default of :func:`generate` and ``halt demo``.
- ``region`` (5,500): about 100,000 records (10^5): 5,500 partners, 1,100 forums, 27,500
  meetings, about 1,000 collaborations, 55,000 interventions and 11,000 referrals.
- ``national`` (55,000): about 1,000,000 records (10^6): 55,000 partners, 11,000 forums,
  275,000 meetings, about 1,000 collaborations, 550,000 interventions and 110,000
  referrals: the whole country; generating it takes about a minute, saving it minutes.

Any other whole number of 1 or more is a size too (about the number of partners).
"""

Spread = Literal["people", "even"]
"""How :func:`generate` spreads records over the arrondissementen (see its docstring)."""

SPREADS: tuple[Spread, ...] = ("people", "even")
"""The spreads :func:`generate` knows, the default first."""


@attrs.frozen(kw_only=True)
class Demo:
    """A generated demo network, with what was planted in it.

    Attributes:
        network: the generated network.
        planted: for each rule asked to be broken, the ids of the records its violations are
            about, in the order they were planted.
        seed: the seed it was generated from.
        size: the size it was generated at (about the number of partners).
        as_of: the day it was generated as of.
        now: noon of :attr:`as_of` in Europe/Amsterdam: check the network at this moment (or
            later) to see only what was planted.

    """

    network: Network
    planted: Mapping[str, tuple[uuid.UUID, ...]]
    seed: int
    size: int
    as_of: dt.date
    now: dt.datetime


def plantable_rules() -> tuple[str, ...]:
    """The ids of the rules :func:`generate` can plant violations of."""
    return tuple(sorted(PLANTERS))


def generate(
    seed: int = 2024,
    size: int = 200,
    *,
    plant: Mapping[str, int] | Iterable[str] | None = None,
    as_of: dt.date = DEFAULT_AS_OF,
    gazetteer: Gazetteer | None = None,
    spread: Spread = "people",
    progress: Progress | None = None,
) -> Demo:
    """Generate a demo network of about ``size`` partners from ``seed``.

    The network holds ``size`` partners (but at least 116, see below), about ``size / 5``
    forums, ``5 * size`` meetings, ``size / 2`` collaborations (at most about 1,050: a few
    per municipality), ``10 * size`` interventions and ``2 * size`` referrals; sizes below
    :data:`MINIMUM_SIZE` are raised to it. Past and future are relative to ``as_of``.
    ``plant`` asks for violations: a mapping from rule id to a count, or rule ids (one
    each). Raises :class:`~halt_core.errors.NotFound` for a rule that cannot be planted.
    :data:`SIZES` names the sizes a newcomer picks from. ``progress``, if given, is called
    with ``(kind, done, total)`` as the records are made (every 1,000 and the last of each
    kind: ``"partners"``, ``"forums"``, ``"meetings"``, ``"collaborations"``,
    ``"interventions"``, ``"referrals"``), to show how far a big demo is.

    **The spread** (``spread="people"``, the default). Every size covers all 11
    arrondissementen, and follows where people live:
    the weight of a municipality is its number of inhabitants
    (:meth:`~halt_core.model.Gazetteer.inhabitants`: CBS's count of 1 January 2020, summed
    into the 2024 division; a gazetteer without counts weighs every municipality the same).

    - *Partners*: 6 national ones; in every arrondissement its police unit, public
      prosecutor's office, child protection board and youth probation; a safety house and
      youth care in each safety region where the demo has local partners. The local
      partners take the rest of ``size``: first one municipality in each arrondissement,
      drawn by inhabitants among its own, then further municipalities drawn by inhabitants
      nationwide. A municipality drawn the first time gets its municipality, compulsory
      education, a school and youth work; drawn again, its next kind (a second school,
      enforcement officers, a shopkeepers' association) and then more schools. So the
      smallest demo has 116 partners (6 + 11 x 4 regional + 11 x 2 in safety regions +
      11 x 4 local), and a big town gets many partners, most of them schools.
    - *Work*: the municipality of each intervention is drawn in two steps: an
      arrondissement by all its inhabitants, then one of its municipalities with partners
      by theirs; so each arrondissement gets its share of the country's work at every size
      (Gelderland, the most populous, about twice what Amsterdam, the least, gets). A
      referral's municipality is drawn the same way among all municipalities (the police
      of the arrondissement refer where the demo has no local partners). Commissions and
      local forums go to municipalities in the order they were drawn; each Halt team has
      trainers for its share of the work.
    - *Schools and groups*: about 65% primary schools (their lessons are for groep 7 or 8),
      27% secondary schools (brugklas, klas 2 to 6) and 8% mbo schools (leerjaar 1 or 2):
      only groups and classes that Dutch schools have.

    **The even spread** (``spread="even"``), for benchmarks that want the same load in every
    arrondissement: each of the 11 gets the same share of the local and regional records,
    within a few percent from a size of about 1,000 (at the smallest sizes the fixed
    regional records weigh more). Each local partner, local forum and local collaboration
    goes to the arrondissement that has the fewest of its kind so far (counting its regional
    ones: its police, prosecutor, child protection board, youth probation, safety houses
    and youth care, and its regional forums and collaborations); interventions and referrals
    go to the arrondissementen in turn. Meetings follow their forums (every forum has about
    as many). Within an arrondissement, municipalities are still drawn by inhabitants. An
    arrondissement of few municipalities gets local forums for several parts of its towns
    (``Netwerkoverleg jeugd Diemen-Noord``, numbered past the parts of town) and the ended
    commissions of earlier school years. The counts per kind are those of the default
    spread, but for collaborations (at most as many, and at least three networks) and a few
    regional forums. The demo is as clean as the default one, but a different network: the
    same seed gives other records.
    """
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise InvalidValue("generate", "size", size, "expected a whole number of 1 or more")
    if spread not in SPREADS:
        raise InvalidValue("generate", "spread", spread, f"expected one of {', '.join(SPREADS)}")
    wanted = (
        dict.fromkeys(plant, 1)
        if plant is not None and not isinstance(plant, Mapping)
        else (dict(plant or {}))
    )
    for rule_id, count in wanted.items():
        if rule_id not in PLANTERS:
            raise NotFound("plantable rule", rule_id, f"plantable: {', '.join(plantable_rules())}")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise InvalidValue(
                "generate", "plant", {rule_id: count}, "counts are whole numbers >= 0"
            )
    builder = Builder(
        seed,
        max(size, MINIMUM_SIZE),
        as_of,
        gazetteer or Gazetteer.load(),
        even=spread == "even",
        progress=progress,
    )
    builder.build()
    planted: dict[str, tuple[uuid.UUID, ...]] = {}
    for rule_id in sorted(wanted):
        planted[rule_id] = tuple(PLANTERS[rule_id](builder) for _ in range(wanted[rule_id]))
    network = Network(
        partners=tuple(builder.partners),
        collaborations=tuple(builder.collaborations),
        forums=tuple(builder.forums),
        meetings=tuple(builder.meetings),
        interventions=tuple(builder.interventions),
        referrals=tuple(builder.referrals),
    )
    return Demo(
        network=network,
        planted=planted,
        seed=seed,
        size=size,
        as_of=as_of,
        now=builder.now,
    )
