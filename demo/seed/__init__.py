"""Demo data for `make run`: four cantons, one organisation per core-group type, one user per role,
and each canton's round table with an approved annual assessment.

Every name here is invented or a public institution's name; no real person appears.
"""

from .cases import DEMO_CASES
from .load import demo_loaded, load_demo, load_federal_people
from .people import (
    DEMO_CANTONS,
    DEMO_EMAIL_DOMAIN,
    DEMO_PASSWORD,
    FEDERAL_PEOPLE,
    ORGANISATIONS,
    PEOPLE,
    demo_email,
    demo_totp_code,
    demo_totp_secret,
)

__all__ = [
    "DEMO_CANTONS", "DEMO_CASES", "DEMO_EMAIL_DOMAIN", "DEMO_PASSWORD", "FEDERAL_PEOPLE", "ORGANISATIONS", "PEOPLE",
    "demo_email", "demo_loaded", "demo_totp_code", "demo_totp_secret", "load_demo", "load_federal_people",
]  # fmt: skip
