"""The federal and inter-cantonal partners every canton works with (REFERENCE.md 2.1, 2.4).

Phone numbers stay blank where no verified number is at hand; the public website is given.
"""

from typing import Any

from django.db import migrations

PARTNERS: list[dict[str, Any]] = [
    {
        "name": "Bundesamt für Polizei fedpol – Fachstelle Menschenhandel und Menschenschmuggel (FSMM)",
        "short_name": "fedpol FSMM",
        "level": "federal",
        "postal_code": "3003",
        "town": "Bern",
        "languages": ["de", "fr", "it"],
        "services": "National coordination against human trafficking and migrant smuggling; police cooperation; "
        "annual meeting of the round-table chairs; fund for NGO projects under the National Action Plan.",
        "website": "https://www.fedpol.admin.ch",
    },
    {
        "name": "Staatssekretariat für Migration SEM",
        "short_name": "SEM",
        "level": "federal",
        "postal_code": "3003",
        "town": "Bern",
        "languages": ["de", "fr", "it"],
        "services": "Asylum, F permits, approval of hardship B permits, return assistance, ZEMIS.",
        "website": "https://www.sem.admin.ch",
    },
    {
        "name": "International Organization for Migration (IOM) Bern",
        "short_name": "IOM Bern",
        "level": "international",
        "town": "Bern",
        "languages": ["de", "fr", "it", "en"],
        "services": "Return and reintegration assistance for victims of trafficking (Art. 60 AIG).",
        "website": "https://switzerland.iom.int",
    },
    {
        "name": "FIZ Fachstelle Frauenhandel und Frauenmigration",
        "short_name": "FIZ",
        "level": "ngo",
        "town": "Zürich",
        "languages": ["de", "en"],
        "services": "Victim protection programme, specialised counselling and safe housing; coordination office "
        "of the Swiss Platform against Human Trafficking.",
        "website": "https://www.fiz-info.ch",
    },
    {
        "name": "ASTRÉE – Association de soutien aux victimes de traite et d'exploitation",
        "short_name": "ASTRÉE",
        "level": "ngo",
        "town": "Lausanne",
        "languages": ["fr", "en"],
        "services": "Specialised counselling and safe housing for victims of trafficking and exploitation.",
        "website": "https://www.astree.ch",
    },
    {
        "name": "Antenna MayDay – SOS Ticino",
        "short_name": "Antenna MayDay",
        "level": "ngo",
        "town": "Viganello",
        "languages": ["it"],
        "services": "Helpline and counselling for victims of trafficking in Ticino.",
        "website": "https://www.sos-ti.ch",
    },
    {
        "name": "Heilsarmee – Act212",
        "short_name": "Act212",
        "level": "ngo",
        "town": "Bern",
        "languages": ["de", "fr"],
        "services": "Reporting office and prevention against human trafficking and sexual exploitation.",
        "website": "https://www.act212.ch",
    },
]


def seed(apps: Any, schema_editor: Any) -> None:
    from django_tenants.utils import get_public_schema_name

    if schema_editor.connection.schema_name != get_public_schema_name():
        return
    FederalPartner = apps.get_model("federal", "FederalPartner")
    for partner in PARTNERS:
        FederalPartner.objects.update_or_create(name=partner["name"], defaults=partner)


def unseed(apps: Any, schema_editor: Any) -> None:
    FederalPartner = apps.get_model("federal", "FederalPartner")
    FederalPartner.objects.filter(name__in=[partner["name"] for partner in PARTNERS]).delete()


class Migration(migrations.Migration):
    dependencies = [("federal", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
