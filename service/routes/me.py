"""The caller: `/api/v1/me`. Every signed-in user may ask who they are; nothing else is read."""

from __future__ import annotations

from fastapi import APIRouter

from models import Role
from service.deps import Myself
from service.errors import RESPONSES
from service.schemas import Me

router = APIRouter(prefix="/me", tags=["me"], responses=RESPONSES)


@router.get("", response_model=Me, summary="Who am I: my id, name, role and the records my role is tied to")
def me(user: Myself) -> Me:
    return Me(
        id=user.id,
        name=user.name,
        role=user.role,
        seeker_id=user.seeker_id,
        specialist_id=user.id if user.role == Role.specialist else None,
    )
