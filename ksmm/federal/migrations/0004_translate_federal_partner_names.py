"""The official names of the seeded federal partners in each interface language; the name kept so
far becomes the German one (the fallback of every other language)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

NAMES = {
    "Bundesamt für Polizei fedpol – Fachstelle Menschenhandel und Menschenschmuggel (FSMM)": {
        "fr": "Office fédéral de la police fedpol – Service de lutte contre la traite d'êtres humains et le trafic de migrants",
        "it": "Ufficio federale di polizia fedpol – Servizio di lotta alla tratta di esseri umani e al traffico di migranti",
        "en": "Federal Office of Police fedpol – Human Trafficking and Migrant Smuggling Unit",
    },
    "Staatssekretariat für Migration SEM": {
        "fr": "Secrétariat d'État aux migrations SEM",
        "it": "Segreteria di Stato della migrazione SEM",
        "en": "State Secretariat for Migration SEM",
    },
    "International Organization for Migration (IOM) Bern": {
        "de": "Internationale Organisation für Migration (IOM) Bern",
        "fr": "Organisation internationale pour les migrations (OIM) Berne",
        "it": "Organizzazione internazionale per le migrazioni (OIM) Berna",
        "en": "International Organization for Migration (IOM) Bern",
    },
    "Heilsarmee – Act212": {
        "fr": "Armée du Salut – Act212",
        "it": "Esercito della Salvezza – Act212",
        "en": "Salvation Army – Act212",
    },
}


def translate(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    FederalPartner = apps.get_model("federal", "FederalPartner")
    for partner in FederalPartner.objects.all():
        names = NAMES.get(partner.name, {})
        partner.name_de = names.get("de", partner.name)
        partner.name_fr = names.get("fr")
        partner.name_it = names.get("it")
        partner.name_en = names.get("en")
        partner.save(update_fields=["name_de", "name_fr", "name_it", "name_en"])


class Migration(migrations.Migration):
    dependencies = [("federal", "0003_federal_partner_name_translations")]

    operations = [migrations.RunPython(translate, migrations.RunPython.noop)]
