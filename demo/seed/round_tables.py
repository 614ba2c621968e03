"""The demo round table of each demo canton: members, representatives, an adopted agreement."""

from dataclasses import dataclass
from datetime import date

from ksmm.partners.models import ContactPerson, Organisation

from .people import DEMO_ADDRESSES, Type


@dataclass(frozen=True)
class DemoRoundTable:
    name: str
    authority: str
    document: str
    ngo: str  # the specialised NGO for victims of trafficking, in the core group (guidelines 3.3)
    minutes: str
    decisions: tuple[str, str]
    items: tuple[tuple[str, str], tuple[str, str]]  # (task, organisation type of the owner)


ROUND_TABLES: dict[str, DemoRoundTable] = {
    "ZH": DemoRoundTable(
        name="Runder Tisch gegen Menschenhandel des Kantons Zürich",
        authority="Regierungsrat des Kantons Zürich",
        document="RRB Nr. 100/2020 (Demo)",
        ngo="Fachstelle gegen Menschenhandel Zürich (Demo)",
        minutes=(
            "Die erweiterte Gruppe beurteilt die Zusammenarbeit des vergangenen Jahres.\n\n"
            "Die Vorankündigung von Kontrollen an die Opferhilfe hat sich bewährt; bei zwei Einsätzen "
            "fehlte eine Übersetzung. Die Bedenkzeit wurde in allen Fällen innert einer Woche bewilligt."
        ),
        decisions=(
            "Die Polizei meldet Kontrollen mindestens 24 Stunden im Voraus der Opferhilfe.",
            "Die Vereinbarung wird bis Ende Jahr überprüft.",
        ),
        items=(
            ("Dolmetscherpool für Einsätze ausserhalb der Bürozeiten klären", Type.CANTONAL_POLICE),
            ("Entwurf der überarbeiteten Vereinbarung vorlegen", Type.PUBLIC_PROSECUTOR),
        ),
    ),
    "GE": DemoRoundTable(
        name="Table ronde contre la traite des êtres humains du canton de Genève",
        authority="Conseil d'État de la République et canton de Genève",
        document="Arrêté du 12 février 2020 (démo)",
        ngo="Association genevoise contre la traite (démo)",
        minutes=(
            "Le groupe élargi évalue la coopération de l'année écoulée.\n\n"
            "L'annonce préalable des contrôles au centre LAVI a fait ses preuves ; l'hébergement "
            "d'urgence a manqué de places à deux reprises."
        ),
        decisions=(
            "Le centre LAVI dispose de deux places d'hébergement d'urgence supplémentaires.",
            "La convention est révisée d'ici la fin de l'année.",
        ),
        items=(
            ("Trouver deux places d'hébergement d'urgence supplémentaires", Type.VICTIM_AID),
            ("Présenter le projet de convention révisée", Type.PUBLIC_PROSECUTOR),
        ),
    ),
    "TI": DemoRoundTable(
        name="Tavola rotonda contro la tratta di esseri umani del Cantone Ticino",
        authority="Consiglio di Stato del Cantone Ticino",
        document="Risoluzione n. 100/2020 (demo)",
        ngo="Associazione ticinese contro la tratta (demo)",
        minutes=(
            "Il gruppo allargato valuta la cooperazione dell'anno trascorso.\n\n"
            "Il periodo di riflessione è stato concesso in tutti i casi; la collaborazione con i "
            "cantoni vicini va rafforzata."
        ),
        decisions=(
            "La polizia informa il servizio di aiuto alle vittime prima di ogni controllo.",
            "La convenzione è rivista entro la fine dell'anno.",
        ),
        items=(
            ("Organizzare un incontro con i cantoni vicini", Type.CANTONAL_POLICE),
            ("Presentare la bozza della convenzione rivista", Type.PUBLIC_PROSECUTOR),
        ),
    ),
    "BE": DemoRoundTable(
        name="Runder Tisch gegen Menschenhandel des Kantons Bern / Table ronde du canton de Berne",
        authority="Regierungsrat des Kantons Bern / Conseil-exécutif du canton de Berne",
        document="RRB Nr. 100/2020 (Demo)",
        ngo="Fachstelle Menschenhandel Bern / Service traite Berne (Demo)",
        minutes=(
            "Die erweiterte Gruppe beurteilt die Zusammenarbeit des vergangenen Jahres. "
            "Le groupe élargi évalue la coopération de l'année écoulée.\n\n"
            "Die Information über die Opferrechte liegt neu auf Deutsch und Französisch vor."
        ),
        decisions=(
            "Die Informationsblätter werden zweisprachig abgegeben. / Les fiches sont remises en deux langues.",
            "Die Vereinbarung wird überprüft. / La convention est révisée.",
        ),
        items=(
            ("Merkblatt zweisprachig drucken / Imprimer la fiche en deux langues", Type.VICTIM_AID),
            ("Entwurf der Vereinbarung vorlegen / Présenter le projet de convention", Type.PUBLIC_PROSECUTOR),
        ),
    ),
}


MEMBER_ROLES: dict[str, str] = {
    Type.PUBLIC_PROSECUTOR: "chair",
    Type.CANTONAL_POLICE: "police",
    Type.MIGRATION_OFFICE: "migration",
    Type.VICTIM_AID: "victim_aid",
    Type.NGO: "victim_aid",
    Type.KESB: "child_protection",
}


REPRESENTATIVES: dict[str, tuple[str, str]] = {
    Type.PUBLIC_PROSECUTOR: ("Demo Prosecutor", "Demo Deputy Prosecutor"),
    Type.CANTONAL_POLICE: ("Demo Police Officer", "Demo Deputy Police Officer"),
    Type.MIGRATION_OFFICE: ("Demo Migration Officer", "Demo Deputy Migration Officer"),
    Type.VICTIM_AID: ("Demo Victim-Aid Counsellor", "Demo Deputy Counsellor"),
    Type.NGO: ("Demo NGO Counsellor", "Demo Deputy NGO Counsellor"),
    Type.KESB: ("Demo KESB Member", "Demo Deputy KESB Member"),
}


ASSESSMENT_DATE = date(2026, 3, 18)


def load_round_table(code: str, organisations: dict[str, Organisation]) -> None:
    """The canton's round table with its groups and one approved annual assessment, once."""
    from roundtables.meetings.actions import check_approve, check_save_action_item, do_create_meeting, do_save_part
    from roundtables.models import ActionItem, Decision, RoundTable, RoundTableMember
    from roundtables.round_tables.actions import check_save_member, check_save_round_table

    if RoundTable.objects.exists():
        return
    demo = ROUND_TABLES[code]
    ngo, _created = Organisation.objects.get_or_create(
        name=demo.ngo,
        defaults={
            "type": Type.NGO, "level": "ngo", "specialised_in_trafficking": True, "group": Organisation.Group.CORE,
            **DEMO_ADDRESSES[code],
        },
    )  # fmt: skip
    # The KESB of the directory (people.DIRECTORY_ENTRIES) takes part in the associate group.
    kesb = Organisation.objects.get(type=Type.KESB)
    members = {**organisations, Type.NGO: ngo, Type.KESB: kesb}
    representatives = {
        org_type: tuple(
            ContactPerson.objects.get_or_create(organisation=organisation, name=name)[0]
            for name in REPRESENTATIVES[org_type]
        )
        for org_type, organisation in members.items()
    }
    prosecution = organisations[Type.PUBLIC_PROSECUTOR]
    round_table = check_save_round_table(
        acting_user=None,
        round_table=RoundTable(
            name=demo.name, mandate_authority=demo.authority, mandate_date=date(2020, 2, 12),
            mandate_document=demo.document, chair_organisation=prosecution,
            chair_contact=representatives[Type.PUBLIC_PROSECUTOR][0], steward_organisation=prosecution,
        ),
    )  # fmt: skip
    for org_type, organisation in members.items():
        representative, deputy = representatives[org_type]
        check_save_member(
            acting_user=None,
            member=RoundTableMember(
                round_table=round_table, organisation=organisation, representative=representative, deputy=deputy,
                group="associate" if org_type == Type.KESB else "", role=MEMBER_ROLES.get(org_type, "prevention"),
            ),
        )  # fmt: skip
    meeting = do_create_meeting(
        acting_user=None, round_table=round_table, date=ASSESSMENT_DATE, kind="annual_assessment",
        minutes=demo.minutes, attendance=[(org.pk, representatives[t][0].pk) for t, org in members.items()],
    )  # fmt: skip
    for order, text in enumerate(demo.decisions, start=1):
        do_save_part(acting_user=None, meeting=meeting, obj=Decision(meeting=meeting, order=order, text=text))
    for months, (task, owner_type) in enumerate(demo.items, start=9):
        item = ActionItem(description=task, owner=members[owner_type], due_date=date(2026, months + 2, 30))
        check_save_action_item(acting_user=None, meeting=meeting, item=item)
    check_approve(acting_user=None, meeting=meeting)
    load_agreement(code, members)


AGREEMENT_LANGUAGES: dict[str, tuple[str, str]] = {
    "ZH": ("de", ""),
    "GE": ("fr", ""),
    "TI": ("it", ""),
    "BE": ("de", "fr"),
}

AGREEMENT_VALID_FROM = date(2026, 1, 1)

DUTIES: dict[str, dict[str, str]] = {
    "de": {
        Type.PUBLIC_PROSECUTOR: "Führt die Strafverfahren; leitet den Runden Tisch.",
        Type.CANTONAL_POLICE: "Identifiziert Opfer; kündigt Kontrollen der Opferhilfe im Voraus an.",
        Type.MIGRATION_OFFICE: "Entscheidet ohne Verzug über Erholungs- und Bedenkzeit und Aufenthalt.",
        Type.VICTIM_AID: "Berät die Opfer, organisiert Unterkunft und Dolmetschende.",
        Type.NGO: "Spezialisierte Beratung und Unterbringung.",
        Type.KESB: "Ordnet bei minderjährigen Opfern ohne Verzug eine Vertretung an.",
    },
    "fr": {
        Type.PUBLIC_PROSECUTOR: "Conduit les procédures pénales ; préside la table ronde.",
        Type.CANTONAL_POLICE: "Identifie les victimes ; annonce les contrôles à l'aide aux victimes.",
        Type.MIGRATION_OFFICE: "Décide sans délai du délai de rétablissement et du séjour.",
        Type.VICTIM_AID: "Conseille les victimes, organise l'hébergement et les interprètes.",
        Type.NGO: "Consultation spécialisée et hébergement.",
        Type.KESB: "Désigne sans délai une représentation pour les victimes mineures.",
    },
    "it": {
        Type.PUBLIC_PROSECUTOR: "Conduce i procedimenti penali; presiede la tavola rotonda.",
        Type.CANTONAL_POLICE: "Identifica le vittime; annuncia i controlli all'aiuto alle vittime.",
        Type.MIGRATION_OFFICE: "Decide senza indugio sul periodo di riflessione e sul soggiorno.",
        Type.VICTIM_AID: "Consiglia le vittime, organizza alloggio e interpreti.",
        Type.NGO: "Consulenza specializzata e alloggio.",
        Type.KESB: "Designa senza indugio una rappresentanza per le vittime minorenni.",
    },
}


def load_agreement(code: str, members: dict[str, Organisation]) -> None:
    """The canton's co-operation agreement: the starter texts in the canton's language(s), every
    member's duties, a signatory per member, adopted; once."""
    from ksmm.compartments import Compartment
    from roundtables.agreements.actions import check_adopt, do_save_part
    from roundtables.models import Agreement, PartnerDuty, SharingRule, Signatory
    from roundtables.starter import do_create_starter

    if Agreement.objects.filter(status=Agreement.Status.ADOPTED).exists():
        return
    language, second_language = AGREEMENT_LANGUAGES[code]
    agreement = do_create_starter(
        acting_user=None, form=Agreement.Form.B, language=language, second_language=second_language
    )
    agreement.valid_from = AGREEMENT_VALID_FROM
    agreement.review_date = date(AGREEMENT_VALID_FROM.year + 2, 12, 31)
    agreement.shared_objective = ROUND_TABLES[code].name
    do_save_part(acting_user=None, agreement=agreement, obj=agreement)
    # The round tables agree that the KESB learns who the child is when a minor is reported.
    kesb_identity = SharingRule.objects.get(
        agreement=agreement, organisation_type=Type.KESB, compartment=Compartment.IDENTITY
    )
    kesb_identity.can_read = True
    do_save_part(acting_user=None, agreement=agreement, obj=kesb_identity)
    for org_type, organisation in members.items():
        do_save_part(
            acting_user=None,
            agreement=agreement,
            obj=PartnerDuty(agreement=agreement, organisation=organisation, duties=DUTIES[language][org_type]),
        )
        do_save_part(
            acting_user=None,
            agreement=agreement,
            obj=Signatory(agreement=agreement, organisation=organisation, name=REPRESENTATIVES[org_type][0]),
        )
    check_adopt(acting_user=None, agreement=agreement)
