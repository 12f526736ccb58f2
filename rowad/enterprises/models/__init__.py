from .accompaniment import AccompanimentSession, JobsDeclaration, MentorAssignment, SessionTopic, Visit
from .enterprise import CreationStep, Enterprise, EnterpriseMember, JobsCount, LifeEvent, Obligation

__all__ = [
    "AccompanimentSession",
    "CreationStep",
    "Enterprise",
    "EnterpriseMember",
    "JobsCount",
    "JobsDeclaration",
    "LifeEvent",
    "MentorAssignment",
    "Obligation",
    "SessionTopic",
    "Visit",
]
