"""Training's answers to other apps' signals (connected in StationConfig.ready)."""

from station.training.services import training_skills_carry


def mother_joined_carry_skills(sender, *, membership, **kwargs) -> None:
    training_skills_carry(membership=membership)
