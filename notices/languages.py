"""The languages a notice is offered in: names, writing direction and the Noto fonts that cover them.

Adding a language is adding an entry here and text rows; no migration. The PDF fonts come from
the system through fontconfig (Debian fonts-noto-core and fonts-noto-cjk, SIL Open Font License).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NoticeLanguage:
    code: str
    label: Promise
    native: str
    direction: str = "ltr"
    fonts: tuple[str, ...] = ("Noto Sans",)

    @property
    def font_stack(self) -> str:
        return ", ".join(f'"{font}"' for font in (*self.fonts, "Noto Sans")) + ", sans-serif"


LATIN = ("Noto Sans",)
LANGUAGES: dict[str, NoticeLanguage] = {
    language.code: language
    for language in (
        NoticeLanguage("de", _("German"), "Deutsch"),
        NoticeLanguage("fr", _("French"), "Français"),
        NoticeLanguage("it", _("Italian"), "Italiano"),
        NoticeLanguage("en", _("English"), "English"),
        NoticeLanguage("ro", _("Romanian"), "Română"),
        NoticeLanguage("hu", _("Hungarian"), "Magyar"),
        NoticeLanguage("bg", _("Bulgarian"), "Български"),
        NoticeLanguage("es", _("Spanish"), "Español"),
        NoticeLanguage("pt", _("Portuguese"), "Português"),
        NoticeLanguage("ru", _("Russian"), "Русский"),
        NoticeLanguage("uk", _("Ukrainian"), "Українська"),
        NoticeLanguage("el", _("Greek"), "Ελληνικά"),
        NoticeLanguage("th", _("Thai"), "ไทย", fonts=("Noto Sans Thai",)),
        NoticeLanguage("zh", _("Chinese (simplified)"), "中文（简体）", fonts=("Noto Sans CJK SC",)),  # noqa: RUF001
        NoticeLanguage("ar", _("Arabic"), "العربية", direction="rtl", fonts=("Noto Sans Arabic",)),
    )
}
# The languages whose texts ship with the platform (el is supported, not yet written).
SHIPPED = ("de", "fr", "it", "en", "ro", "hu", "bg", "es", "pt", "ru", "uk", "th", "zh", "ar")


def language_for(code: str) -> NoticeLanguage:
    """A known language, or a left-to-right Latin fallback for a code a coordinator added."""
    return LANGUAGES.get(code) or NoticeLanguage(code, _("Other language"), code)


def language_choices() -> list[tuple[str, str]]:
    return [(code, f"{language.native} ({language.label})") for code, language in LANGUAGES.items()]


def base_language(code: str) -> str:
    """ "zh" for "zh-Hans": the language without its script or region."""
    return code.split("-", 1)[0].lower()


def speaks(*, language: str, languages: list[str]) -> bool:
    """Whether a text in `language` is in one of `languages` (a script or region aside)."""
    return base_language(language) in {base_language(code) for code in languages}
