"""A small, realistic catalogue of employers and openings for matcher tests."""

from __future__ import annotations

from models import Employer, JobSeeker, Opening

HOME = {"lat": 44.97, "lon": -93.26}

EMPLOYERS = [
    Employer(id=1, name="Northside Animal Shelter", industry="animal care", location={"lat": 44.99, "lon": -93.27},
             hiring_needs=["kennel help on weekday mornings"]),
    Employer(id=2, name="Burger Barn", industry="fast food", location={"lat": 44.97, "lon": -93.25}),
    Employer(id=3, name="Lakeside Diner", industry="restaurant", location={"lat": 44.95, "lon": -93.29},
             hiring_needs=["two dishwashers for weekday lunch"]),
    Employer(id=4, name="Metro Distribution", industry="warehouse", location={"lat": 45.10, "lon": -93.40}),
    Employer(id=5, name="Green Thumb Landscaping", industry="landscaping", location=None),
]

OPENINGS = [
    Opening(id=1, employer_id=1, title="Kennel assistant", description="Clean kennels, walk dogs",
            hours_min=15, hours_max=20, shifts=["morning"], wage=16.5),
    Opening(id=2, employer_id=1, title="Dog walker", description="Walk shelter dogs", hours_min=10, hours_max=15,
            shifts=["day"]),
    Opening(id=3, employer_id=2, title="Crew member", description="Take orders and make burgers",
            hours_min=15, hours_max=25, shifts=["evening"], wage=15.5),
    Opening(id=4, employer_id=3, title="Dishwasher", description="Wash dishes for the lunch rush",
            hours_min=15, hours_max=25, shifts=["day"], wage=17.0),
    Opening(id=5, employer_id=4, title="Overnight stocker", description="Restock shelves", hours_min=30,
            hours_max=40, shifts=["night"], wage=19.0),
    Opening(id=6, employer_id=3, title="Line cook", description="Cook lunch plates", hours_min=15, hours_max=25,
            shifts=["day", "evening"], wage=18.0),
    Opening(id=7, employer_id=1, title="Veterinary receptionist", description="Greet pet owners and book visits",
            hours_min=20, hours_max=25, shifts=["day"], wage=16.0),
    Opening(id=8, employer_id=5, title="Grounds crew", description="Mow lawns and plant flowers", hours_min=20,
            hours_max=30, shifts=["day"], wage=18.5),
    Opening(id=9, employer_id=4, title="Packer", description="Pack orders into boxes", hours_min=20, hours_max=30,
            shifts=["day"], wage=5.0),
    Opening(id=10, employer_id=4, title="Assembly (enclave)", description="Assemble kits in a supervised enclave",
            hours_min=10, hours_max=20, shifts=["day"], wage=16.0, set_aside=True),
    Opening(id=11, employer_id=3, title="Server", description="Serve tables", hours_min=20, hours_max=30,
            shifts=["day"], wage=12.0, status="filled"),
]


def ana(**profile_changes) -> JobSeeker:
    """The API.md example seeker, with any profile fields replaced."""
    profile = {
        "interests": ["caring for animals"], "job_types": ["kennel assistant"], "avoid": ["night shifts", "fast food"],
        "hours_min": 10, "hours_max": 25, "shifts": ["morning", "day"], "min_wage": 15.0, "home": HOME,
        "max_commute_km": 12, "benefits": ["ssdi"], "disclosure": "undecided",
    }
    profile.update(profile_changes)
    return JobSeeker(id=12, name="Ana R.", specialist_id=3, entered_on="2026-11-02", profile=profile)
