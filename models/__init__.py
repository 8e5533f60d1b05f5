"""Domain types of ipsmatch and their validation (pydantic v2). No I/O happens here."""

from models.base import ZERO_EXCLUSION_MESSAGE, DomainModel, clinical_key
from models.employer import ContactStage, Employer, EmployerContact, Opening, OpeningStatus
from models.errors import Conflict, Forbidden, InvalidInput, IpsmatchError, ModelUnavailable, NotFound
from models.feedback import Feedback, Judgment, Reaction
from models.fields import Location, Shift
from models.messages import explain
from models.profile import Benefit, CareerProfile, Disclosure, JobSeeker, PastJob, Travel
from models.settings import Settings, get_settings
from models.suggestion import Suggestion
from models.user import Role, User

__all__ = [
    "Benefit",
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
    "clinical_key",
    "explain",
    "get_settings",
]
