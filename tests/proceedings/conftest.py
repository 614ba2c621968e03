"""The cast of tests/cases (police Polly, victim-aid Vera, migration Mia, prosecutor Piet, NGO
Nora not party; Gabi in GE is the outsider) and the case Rosa, opened by the police."""

from tests.cases.conftest import Cast, cast, gabi, rosa  # noqa: F401  fixtures shared with tests/cases
