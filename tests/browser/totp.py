"""A demo person's current TOTP code at once, for walks that sign the same person in again.

A code works once per 30-second step (django-otp remembers the last step used), so a second
sign-in of the same person within a step waited up to a minute for the next code. The test
forgets the step last used, on a connection of its own so that the server sees it committed,
instead of waiting; the server still checks the code itself."""

import psycopg

from demo.seed import demo_totp_code
from tests.processes import test_database_url

FORGET_LAST_STEP = """
UPDATE otp_totp_totpdevice SET last_t = -1
 WHERE user_id = (SELECT id FROM accounts_user WHERE email = %s)
"""


def fresh_demo_code(email: str) -> str:
    with psycopg.connect(test_database_url(), autocommit=True) as connection:
        connection.execute(FORGET_LAST_STEP, [email])
    return demo_totp_code(email)
