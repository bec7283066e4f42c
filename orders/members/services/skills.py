"""The skills a mother holds in one cooperative: granted after training by a coordinator,
they decide which work she sees there."""

from collections.abc import Iterable

from django.db import transaction

from marketplace.models import Membership
from orders.models import MemberSkill, Skill


def member_skills_grant(*, membership: Membership, skills: Iterable[Skill], actor) -> None:
    """Add ``skills`` to those she holds here; a skill she holds keeps its first grant."""
    MemberSkill.objects.bulk_create(
        [MemberSkill(membership=membership, skill=skill, granted_by=actor) for skill in skills],
        ignore_conflicts=True,  # held already, or granted by another coordinator just now
    )


@transaction.atomic
def member_skills_set(*, membership: Membership, skills: Iterable[Skill], actor) -> None:
    """Make ``skills`` exactly what she holds here: withdraw the others, grant the new ones
    as ``actor``. Withdrawing hides the work that needs the skill; her claims stay."""
    skills = list(skills)
    membership.skills.exclude(skill__in=skills).delete()
    member_skills_grant(membership=membership, skills=skills, actor=actor)
