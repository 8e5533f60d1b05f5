"""A suggested opening as the engine gives it and the API shows it: one definition for both."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Suggestion(BaseModel):
    """One suggested opening, with the numbers behind it and reasons in plain language. Best first in a list."""

    # Built by the engine from checked data, never from a request: no input screening, frozen once made.
    model_config = ConfigDict(frozen=True)

    opening_id: int
    employer_id: int
    title: str
    employer_name: str
    score: float = Field(
        description="what the list is sorted by: the seeker's preference plus bounded tie-breakers, 0 to 1"
    )
    preference_score: float = Field(description="the seeker's own preferences alone, 0 to 1")
    reasons: list[str]
    monthly_earnings: float | None = Field(description="wage x hours a week x 52 / 12; null when unknown")
    benefits_note: str | None = Field(description="what these earnings mean for the seeker's benefits")
    distance_km: float | None = Field(description="from the seeker's home; null when either place is unknown")
    unknown: list[str] = Field(
        default_factory=list, description="what the opening does not say (wage, shifts, ...): never a match"
    )
    components: dict[str, float] = Field(default_factory=dict, description="the terms that make up the score")
    # The score as it would be without the specialist's judgment: what the seeker's own view shows.
    score_without_judgment: float = Field(exclude=True, repr=False)

    def seeker_view(self) -> Suggestion:
        """The same suggestion with no number that depends on the specialist's judgment.

        A judgment is the specialist's working view: the seeker sees it only as a reason ("Your employment
        specialist thinks this could suit you") and in the order within the band, never as a number.
        """
        components = {k: v for k, v in self.components.items() if k != "judgment"}
        return self.model_copy(update={"score": self.score_without_judgment, "components": components})
