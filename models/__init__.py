"""Domain types of ipsmatch and their validation (pydantic v2). No I/O happens here."""

from models.base import CLINICAL_TEXT_MESSAGE, ZERO_EXCLUSION_MESSAGE, ZERO_EXCLUSION_REASON, DomainModel, clinical_key
from models.employer import ContactStage, Employer, EmployerContact, Opening, OpeningStatus
from models.errors import Conflict, Forbidden, InvalidInput, IpsmatchError, ModelUnavailable, NotFound, WarmingUp
from models.feedback import Feedback, Judgment, Reaction
from models.fields import Location, Shift
from models.messages import explain
from models.profile import Benefit, CareerProfile, Disclosure, JobSeeker, PastJob, Travel
from models.screening import clinical_terms
from models.settings import Settings, get_settings
from models.suggestion import Suggestion
from models.user import Role, User

__all__ = [
    "Benefit",
    "CLINICAL_TEXT_MESSAGE",
    "CareerProfile",
    "Conflict",
    "ContactStage",
    "Disclosure",
    "DomainModel",
    "Employer",
    "EmployerContact",
    "Feedback",
    "Forbidden",
    "InvalidInput",
    "IpsmatchError",
    "JobSeeker",
    "Judgment",
    "Location",
    "ModelUnavailable",
    "WarmingUp",
    "NotFound",
    "Opening",
    "OpeningStatus",
    "PastJob",
    "Reaction",
    "Role",
    "Settings",
    "Shift",
    "Suggestion",
    "Travel",
    "User",
    "ZERO_EXCLUSION_MESSAGE",
    "ZERO_EXCLUSION_REASON",
    "clinical_key",
    "clinical_terms",
    "explain",
    "get_settings",
]
