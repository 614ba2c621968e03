# ruff: noqa: RUF001 - labels in their own scripts and punctuation
"""What every printed notice carries besides its text, in the notice's own language: the draft
mark of a text awaiting professional review, and the contact box (the counselling centre's
phone and a 24-hour number, never blank: the police emergency number when the directory lacks
them).

The victim reads the notice's language, the professional who hands it over the UI's (gettext);
a language without labels here prints the English ones beside the UI's.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PrintLabels:
    draft: str
    centre: str
    day_and_night: str
    police: str


# The number that always answers, day and night, anywhere in Switzerland (REFERENCE.md names no
# national victim-aid line): the police emergency number.
POLICE_EMERGENCY = "117"

LABELS: dict[str, PrintLabels] = {
    "en": PrintLabels("Draft – not reviewed", "Counselling centre", "Day and night (24 h)", "Police emergency (24 h)"),
    "de": PrintLabels(
        "Entwurf – nicht geprüft", "Opferberatungsstelle", "Tag und Nacht (24 Std.)", "Polizei-Notruf (24 Std.)"
    ),
    "fr": PrintLabels(
        "Projet – non vérifié", "Centre de consultation LAVI", "Jour et nuit (24 h)", "Police secours (24 h)"
    ),
    "it": PrintLabels("Bozza – non verificata", "Consultorio LAV", "Giorno e notte (24 h)", "Emergenza polizia (24 h)"),
    "ro": PrintLabels(
        "Proiect – neverificat", "Centrul de consiliere", "Zi și noapte (24 h)", "Urgențe poliție (24 h)"
    ),
    "hu": PrintLabels(
        "Tervezet – nem ellenőrzött", "Tanácsadó központ", "Éjjel-nappal (24 óra)", "Rendőrségi segélyhívó (24 óra)"
    ),
    "bg": PrintLabels(
        "Проект – непроверен", "Консултативен център", "Денонощно (24 ч)", "Спешен номер на полицията (24 ч)"
    ),
    "es": PrintLabels(
        "Borrador – no revisado", "Centro de asesoramiento", "Día y noche (24 h)", "Emergencias de la policía (24 h)"
    ),
    "pt": PrintLabels(
        "Rascunho – não revisto", "Centro de aconselhamento", "Dia e noite (24 h)", "Emergência da polícia (24 h)"
    ),
    "ru": PrintLabels(
        "Черновик – не проверено", "Консультационный центр", "Круглосуточно (24 ч)", "Экстренный вызов полиции (24 ч)"
    ),
    "uk": PrintLabels(
        "Чернетка – не перевірено", "Консультаційний центр", "Цілодобово (24 год)", "Екстрений виклик поліції (24 год)"
    ),
    "el": PrintLabels(
        "Σχέδιο – μη ελεγμένο",
        "Κέντρο συμβουλευτικής",
        "Μέρα και νύχτα (24 ώρες)",
        "Επείγουσα κλήση αστυνομίας (24 ώρες)",
    ),
    "th": PrintLabels("ฉบับร่าง – ยังไม่ได้ตรวจสอบ", "ศูนย์ให้คำปรึกษา", "ทั้งกลางวันและกลางคืน (24 ชม.)", "ตำรวจฉุกเฉิน (24 ชม.)"),
    "zh": PrintLabels("草稿 – 未经审核", "咨询中心", "全天24小时", "报警电话（24小时）"),
    "ar": PrintLabels("مسودة – لم تتم مراجعتها", "مركز الاستشارة", "ليلاً ونهاراً (24 ساعة)", "طوارئ الشرطة (24 ساعة)"),
}


def labels_for(language: str) -> PrintLabels:
    """The labels in `language` (its script or region aside), English for a language without them."""
    return LABELS.get(language.split("-", 1)[0].lower(), LABELS["en"])


@dataclass(frozen=True)
class ContactLine:
    label: str
    number: str
    fallback: bool  # the directory lacked the number: the police emergency number stands in


def contact_lines(*, labels: PrintLabels, phone: str, emergency_phone: str) -> list[ContactLine]:
    """The counselling centre's phone and a 24-hour number; the police emergency number where the
    directory lacks one (once, if it lacks both). Never empty."""
    lines: list[ContactLine] = []
    if phone:
        lines.append(ContactLine(labels.centre, phone, fallback=False))
    if emergency_phone:
        lines.append(ContactLine(labels.day_and_night, emergency_phone, fallback=False))
    if not (phone and emergency_phone):
        lines.append(ContactLine(labels.police, POLICE_EMERGENCY, fallback=True))
    return lines
