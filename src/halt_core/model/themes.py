"""What Halt's work is about: the problem areas and the two sides of the work."""

from __future__ import annotations

import enum

__all__ = ["ProblemArea", "WorkDomain"]


class WorkDomain(enum.StrEnum):
    """The side of Halt's work a collaboration serves."""

    REPRESSIVE = "repressive"
    """Repressief: the Halt settlement for young offenders."""
    PREVENTIVE = "preventive"
    """Preventief: lessons, advice, mediation and other work that prevents youth crime."""
    BOTH = "both"
    """Both sides."""


class ProblemArea(enum.StrEnum):
    """A social problem around youth and safety that work addresses."""

    STREET_NUISANCE = "street_nuisance"
    """Overlast op straat, often by a nuisance youth group."""
    SHOPLIFTING = "shoplifting"
    """Winkeldiefstal."""
    FIREWORKS = "fireworks"
    """Vuurwerk: illegal fireworks and fireworks nuisance."""
    VANDALISM = "vandalism"
    """Vandalisme."""
    AGGRESSION_AND_VIOLENCE = "aggression_and_violence"
    """Agressie en geweld, e.g. towards education staff."""
    ONLINE_BEHAVIOUR = "online_behaviour"
    """Online gedrag: sexting, cyberbullying, online fraud."""
    ALCOHOL_AND_DRUGS = "alcohol_and_drugs"
    """Alcohol en drugs."""
    TRUANCY = "truancy"
    """Verzuim: unauthorised absence from school."""
    OTHER = "other"
    """Anything else."""
