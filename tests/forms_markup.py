"""Checks on rendered form markup shared by the page tests: references that lead somewhere."""

import re


def ids_in(page: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', page))


def dangling_describedby(page: str) -> set[str]:
    """Ids named by aria-describedby that no element of the page carries."""
    named = {name for value in re.findall(r'aria-describedby="([^"]*)"', page) for name in value.split()}
    return named - ids_in(page)


def error_summary_targets(page: str) -> list[str]:
    """The fragment links of the error summary, in order."""
    start = page.index("data-error-summary")
    summary = page[start : page.index("</div>", start)]
    return re.findall(r'href="#([^"]+)"', summary)
