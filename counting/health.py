"""Round-table health per year: institutions and meetings of the canton, never a person.

The rules, as the data dictionary quotes them, for each year from the canton's first recorded
activity (a case, a meeting, an agreement or the round table's mandate) to the current year,
each judged on the year's last day, or today for the current year:

- a round table exists: the canton has recorded its round table, mandated on or before that day
  (or without a mandate date);
- an agreement is adopted and valid: the latest co-operation agreement adopted on or before that
  day is within its validity (from `valid_from`, if set, to `valid_until`, if set); the date it is
  valid until is kept beside it;
- meetings this year: the meetings of the round table dated in the year up to that day.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Min
from django.db.models.functions import ExtractYear
from django.utils import timezone

from cases.models import Case
from roundtables.models import Agreement, Meeting, RoundTable

ADOPTED = (Agreement.Status.ADOPTED, Agreement.Status.SUPERSEDED)


@dataclass(frozen=True)
class YearHealth:
    year: int
    round_table_exists: bool
    agreement_valid: bool
    agreement_valid_until: date | None
    meetings: int


def health_by_year(*, today: date | None = None) -> list[YearHealth]:
    today = today or timezone.localdate()
    round_table = RoundTable.objects.values("mandate_date").first()
    agreements = list(
        Agreement.objects.filter(status__in=ADOPTED, adopted_at__isnull=False)
        .order_by("-adopted_at")
        .values("adopted_at", "valid_from", "valid_until")
    )
    meetings = dict(
        Meeting.objects.filter(date__lte=today)
        .annotate(year=ExtractYear("date"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    starts = [
        Case.objects.aggregate(first=Min("opened_on"))["first"],
        round_table and round_table["mandate_date"],
        *(timezone.localdate(agreement["adopted_at"]) for agreement in agreements),
        *(date(year, 1, 1) for year in meetings),
    ]
    first_year = min([day.year for day in starts if day] + [today.year])
    years = []
    for year in range(first_year, today.year + 1):
        day = min(date(year, 12, 31), today)
        in_force = next((a for a in agreements if timezone.localdate(a["adopted_at"]) <= day), None)
        valid = in_force is not None and (in_force["valid_from"] or day) <= day <= (in_force["valid_until"] or day)
        years.append(
            YearHealth(
                year=year,
                round_table_exists=round_table is not None and (round_table["mandate_date"] or day) <= day,
                agreement_valid=valid,
                agreement_valid_until=in_force["valid_until"] if in_force else None,
                meetings=meetings.get(year, 0),
            )
        )
    return years
