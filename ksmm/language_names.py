"""Names of languages in the reader's language, for the ISO codes the records keep ("ro")."""

from django.utils.translation import get_language_info


def language_name(code: str) -> str:
    """ "Rumänisch" for "ro" when the page is German; the code itself if Django does not know it."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def language_names(codes: list[str]) -> str:
    return ", ".join(language_name(code) for code in codes)
