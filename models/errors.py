"""The one exception tree of ipsmatch; the service maps each class to an HTTP status in one place."""


class IpsmatchError(Exception):
    """Base of every error ipsmatch raises on purpose; its message is written for a specialist."""


class InvalidInput(IpsmatchError, ValueError):
    """The data given does not describe a valid record; nothing was changed."""


class NotFound(IpsmatchError, LookupError):
    """No record with that id exists (or the caller may not know it exists)."""


class Forbidden(IpsmatchError):
    """The caller's role may not do this."""


class Conflict(IpsmatchError):
    """The request clashes with existing data (a duplicate, or a record still in use)."""


class ModelUnavailable(IpsmatchError, RuntimeError):
    """The packaged embedding model could not be loaded."""


class WarmingUp(IpsmatchError, RuntimeError):
    """The server has just started and is still building its index of openings; asking again shortly works."""

    retry_after_s = 5


class UnknownOccupation(InvalidInput):
    """No occupation of the taxonomy has the code given."""
