"""`ipsmatch metrics [--from D --to D] [--csv]`: the program's IPS-25 fidelity figures, as text or CSV.

The same computation as GET /metrics/fidelity (service/fidelity.py), with everything an admin sees: program
figures, each specialist's row and each new seeker's rapid-search row. CSV is one flat table (scope, figure,
item, value, count, out_of, target, met, how), one line per figure per scope, for a spreadsheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from matcher.fidelity import FidelityReport
from models import InvalidInput, get_settings
from service import fidelity
from service.db import Database
from service.ranking import RankingService

COLUMNS = ("scope", "figure", "item", "value", "count", "out_of", "target", "met", "how")


def parse_day(text: str | None, option: str) -> dt.date | None:
    """The date given to --from or --to; InvalidInput naming the option when it is not YYYY-MM-DD."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        message = f"{option}: '{text}' is not a date; write it as YYYY-MM-DD, for example 2026-11-02."
        raise InvalidInput(message) from None


def compute(database: Database, start: dt.date | None, end: dt.date | None) -> FidelityReport:
    """Every figure over the period (defaults as for the API: to today, from 90 days before)."""
    settings = get_settings()
    start, end = fidelity.period(start, end, dt.date.today())
    with database.session() as session:
        return fidelity.report(session, RankingService(database, settings=settings), settings, start, end)


def rows(report: FidelityReport) -> list[dict[str, object]]:
    """The report as flat rows: program figures, then per specialist, then per seeker."""
    out: list[dict[str, object]] = [
        {"scope": "program", "figure": f.key, "item": f.item, "value": f.value, "count": f.count,
         "out_of": f.out_of, "target": f.target, "met": f.met, "how": f.how}
        for f in report.figures
    ]
    items = {f.key: f.item for f in report.figures}
    for s in report.specialists:
        scope = f"specialist {s.specialist_id} ({s.name})"
        out.append({"scope": scope, "figure": "caseload", "item": items["caseload"], "value": s.caseload,
                    "met": s.caseload_within_limit, "how": "active seekers on the caseload"})
        out.append({"scope": scope, "figure": "face_to_face_per_week", "item": items["face_to_face_per_week"],
                    "value": s.face_to_face_per_week, "count": s.weeks_on_target, "out_of": len(s.weeks),
                    "how": "mean face-to-face employer contacts per whole ISO week; count: weeks on target"})
        out.append({"scope": scope, "figure": "individualized_search", "item": items["individualized_search"],
                    "value": round(s.seeker_contacts_fitting / s.seeker_contacts, 4) if s.seeker_contacts else None,
                    "count": s.seeker_contacts_fitting, "out_of": s.seeker_contacts,
                    "how": "their contacts naming a seeker where the employer fits the seeker's preferences"})
    for r in report.seekers:
        out.append({"scope": f"seeker {r.seeker_id} ({r.name})", "figure": "days_to_first_contact",
                    "item": items["rapid_job_search"], "value": r.days_to_first_contact, "met": r.within_limit,
                    "how": f"entered {r.entered_on}; first face-to-face employer contact "
                           f"{r.first_face_to_face or 'not yet'}"})
    return out


def as_csv(report: FidelityReport) -> str:
    """The report as CSV text with a header line."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(report))
    return buffer.getvalue()


SHARES = {"rapid_job_search", "individualized_search", "job_type_diversity", "employer_diversity", "competitive_jobs"}


def _number(value: float | int | None, share: bool = False) -> str:
    if value is None:
        return "n/a"
    return f"{value:.0%}" if share else f"{value:g}"


def as_text(report: FidelityReport) -> list[str]:
    """The report as lines for a terminal: each figure with its item, value, target and how."""
    lines = [f"IPS-25 fidelity figures, {report.start} to {report.end}", ""]
    for f in report.figures:
        target = "" if f.target is None else f" (target {f.target:g}: {'met' if f.met else 'not met'})"
        counted = "" if f.out_of is None else f", {f.count} of {f.out_of}"
        lines += [f"{f.item}: {_number(f.value, f.key in SHARES)}{counted}{target}", f"  {f.how}"]
    lines += ["", "Per specialist:"]
    for s in report.specialists:
        weeks = " ".join(str(w.face_to_face) for w in s.weeks)
        lines.append(
            f"  {s.name} (user {s.specialist_id}): caseload {s.caseload}"
            f"{'' if s.caseload_within_limit else ' (over the limit)'}; face to face per week "
            f"{_number(s.face_to_face_per_week)} [{weeks}], {s.weeks_on_target} of {len(s.weeks)} weeks on target; "
            f"{s.seeker_contacts_fitting} of {s.seeker_contacts} seeker contacts fit the seeker's preferences"
        )
    late = [r for r in report.seekers if r.within_limit is False]
    lines += ["", f"Seekers past the rapid-search limit without a timely face-to-face employer contact: {len(late)}"]
    for r in late:
        lines.append(f"  {r.name} (seeker {r.seeker_id}, specialist {r.specialist_id}): entered {r.entered_on}, "
                     f"first contact {r.first_face_to_face or 'none yet'}")
    return lines
