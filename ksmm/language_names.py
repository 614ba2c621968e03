"""Names of languages and countries in the reader's language, for the ISO codes the records keep
("ro", "BG")."""

from django.utils.translation import get_language_info


def language_name(code: str) -> str:
    """ "Rumänisch" for "ro" when the page is German; the code itself if Django does not know it."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def language_names(codes: list[str]) -> str:
    return ", ".join(language_name(code) for code in codes)


def nationality_name(code: str) -> str:
    """ "Bulgarien" for "BG" when the page is German (django-countries' names and translations);
    anything that is not a known country code is returned as it was typed."""
    from django_countries import countries

    name = countries.name(code.strip().upper()) if code else ""
    return str(name) if name else code
