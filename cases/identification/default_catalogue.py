"""The default indicator catalogue, version 1, written for this platform.

Informed by the ILO/EC operational indicators of trafficking (2009: deceptive, coercive and
abusive recruitment, exploitative conditions, coercion and abuse of vulnerability at
destination), the ILO forced-labour indicators (2012), the UNODC indicator sets and the Swiss
material of Kinderschutz Schweiz and FIZ (REFERENCE.md 3.4). The wording is our own; no list is
copied. An indicator is a reason to look closer, never proof.

This module is read by the data migration 0002 of every canton schema. Version 1 is frozen:
a change to the content is a new version in a new migration, so that checklists already filled
keep the texts they were filled against.
"""

from typing import Any, NamedTuple

VERSION = 1
VALID_FROM = "2026-01-01"
TITLE = {
    "de": "Indikatorenkatalog Menschenhandel",
    "fr": "Catalogue d'indicateurs de la traite des êtres humains",
    "it": "Catalogo di indicatori della tratta di esseri umani",
    "en": "Indicator catalogue for human trafficking",
}
SOURCE = (
    "ILO/EC Operational indicators of trafficking in human beings (2009); ILO Indicators of forced "
    "labour (2012); UNODC Human trafficking indicators; Kinderschutz Schweiz, Kinderhandel erkennen; "
    "FIZ. Own wording for ksmm."
)

# key: (de, fr, it, en)
DIMENSIONS: list[tuple[str, tuple[str, str, str, str]]] = [
    (
        "recruitment",
        ("Anwerbung und Täuschung", "Recrutement et tromperie", "Reclutamento e inganno", "Recruitment and deception"),
    ),
    ("movement", ("Reise und Transport", "Voyage et transport", "Viaggio e trasporto", "Travel and movement")),
    ("control", ("Kontrolle und Zwang", "Contrôle et contrainte", "Controllo e coercizione", "Control and coercion")),
    ("violence", ("Gewalt und Drohungen", "Violence et menaces", "Violenza e minacce", "Violence and threats")),
    (
        "conditions",
        (
            "Arbeits- und Lebensbedingungen",
            "Conditions de travail et de vie",
            "Condizioni di lavoro e di vita",
            "Working and living conditions",
        ),
    ),
    (
        "documents",
        ("Ausweise und Dokumente", "Papiers d'identité et documents", "Documenti d'identità", "Identity documents"),
    ),
    ("debt", ("Schulden und Lohn", "Dettes et salaire", "Debiti e salario", "Debt and pay")),
    ("vulnerability", ("Verletzlichkeit", "Vulnérabilité", "Vulnerabilità", "Vulnerability")),
    (
        "health",
        (
            "Körperliche und psychische Anzeichen",
            "Signes physiques et psychiques",
            "Segni fisici e psichici",
            "Physical and psychological signs",
        ),
    ),
    ("children", ("Anzeichen bei Kindern", "Signes chez l'enfant", "Segni nei minori", "Signs in children")),
]


class Row(NamedTuple):
    code: str
    dimension: str
    strength: str  # strong / medium / weak
    target: str  # adults / children / all
    form: str  # sexual / labour / both
    texts: tuple[str, str, str, str]  # de, fr, it, en


INDICATORS: list[Row] = [
    # Recruitment and deception
    Row(
        "REC-01",
        "recruitment",
        "strong",
        "all",
        "both",
        (
            "Über Art der Arbeit oder Tätigkeit getäuscht",
            "Trompé sur la nature du travail ou de l'activité",
            "Ingannato sulla natura del lavoro o dell'attività",
            "Deceived about the nature of the work or activity",
        ),
    ),
    Row(
        "REC-02",
        "recruitment",
        "medium",
        "all",
        "both",
        (
            "Über Lohn, Arbeitszeit oder Unterkunft getäuscht",
            "Trompé sur le salaire, les horaires ou le logement",
            "Ingannato su salario, orari o alloggio",
            "Deceived about pay, hours or accommodation",
        ),
    ),
    Row(
        "REC-03",
        "recruitment",
        "medium",
        "all",
        "both",
        (
            "Falsche Versprechen zu Aufenthaltsstatus oder Papieren",
            "Fausses promesses sur le statut de séjour ou les papiers",
            "False promesse sullo statuto di soggiorno o sui documenti",
            "False promises about residence status or papers",
        ),
    ),
    Row(
        "REC-04",
        "recruitment",
        "strong",
        "all",
        "both",
        (
            "Mit Gewalt, Entführung oder Drohung angeworben",
            "Recruté par la force, l'enlèvement ou la menace",
            "Reclutato con la forza, il rapimento o la minaccia",
            "Recruited by force, abduction or threats",
        ),
    ),
    Row(
        "REC-05",
        "recruitment",
        "medium",
        "all",
        "both",
        (
            "Anwerbung über Verwandte, Partner oder eine Liebesbeziehung (Loverboy)",
            "Recrutement par la famille, un partenaire ou une relation amoureuse (loverboy)",
            "Reclutamento tramite parenti, partner o relazione sentimentale (loverboy)",
            "Recruited through relatives, a partner or a romantic relationship (loverboy)",
        ),
    ),
    Row(
        "REC-06",
        "recruitment",
        "weak",
        "all",
        "both",
        (
            "Vermittlungsgebühr an Agentur oder Anwerber bezahlt",
            "Frais de placement payés à une agence ou à un recruteur",
            "Commissione pagata a un'agenzia o a un reclutatore",
            "Paid a placement fee to an agency or recruiter",
        ),
    ),
    Row(
        "REC-07",
        "recruitment",
        "medium",
        "all",
        "sexual",
        (
            "Andere Tätigkeit versprochen, in die Prostitution gebracht",
            "Autre activité promise, amené à la prostitution",
            "Promessa un'altra attività, indotto alla prostituzione",
            "Promised other work, brought into prostitution",
        ),
    ),
    # Travel and movement
    Row(
        "MOV-01",
        "movement",
        "medium",
        "all",
        "both",
        (
            "Reise von Dritten organisiert und bezahlt",
            "Voyage organisé et payé par des tiers",
            "Viaggio organizzato e pagato da terzi",
            "Journey organised and paid for by others",
        ),
    ),
    Row(
        "MOV-02",
        "movement",
        "medium",
        "all",
        "both",
        (
            "Kennt Adresse oder Ort des Aufenthalts nicht",
            "Ne connaît pas son adresse ni le lieu où il ou elle se trouve",
            "Non conosce il proprio indirizzo o il luogo in cui si trova",
            "Does not know their address or where they are",
        ),
    ),
    Row(
        "MOV-03",
        "movement",
        "weak",
        "all",
        "sexual",
        (
            "Häufige Wechsel von Arbeitsort oder Stadt",
            "Changements fréquents de lieu de travail ou de ville",
            "Frequenti cambi di luogo di lavoro o di città",
            "Moved often between workplaces or towns",
        ),
    ),
    Row(
        "MOV-04",
        "movement",
        "medium",
        "all",
        "both",
        (
            "Von Dritten begleitet, die für die Person sprechen",
            "Accompagné par des tiers qui parlent à sa place",
            "Accompagnato da terzi che parlano al suo posto",
            "Escorted by others who speak for the person",
        ),
    ),
    # Control and coercion
    Row(
        "CON-01",
        "control",
        "strong",
        "all",
        "both",
        (
            "Bewegungsfreiheit eingeschränkt oder eingesperrt",
            "Liberté de mouvement restreinte ou enfermé",
            "Libertà di movimento limitata o rinchiuso",
            "Freedom of movement restricted or locked in",
        ),
    ),
    Row(
        "CON-02",
        "control",
        "strong",
        "all",
        "both",
        (
            "Kann die Arbeit oder Tätigkeit nicht beenden oder verlassen",
            "Ne peut pas cesser ni quitter le travail ou l'activité",
            "Non può smettere né lasciare il lavoro o l'attività",
            "Cannot stop or leave the work or activity",
        ),
    ),
    Row(
        "CON-03",
        "control",
        "medium",
        "all",
        "both",
        (
            "Kontakt zu Familie oder Aussenwelt überwacht oder verhindert",
            "Contacts avec la famille ou l'extérieur surveillés ou empêchés",
            "Contatti con la famiglia o l'esterno sorvegliati o impediti",
            "Contact with family or the outside monitored or prevented",
        ),
    ),
    Row(
        "CON-04",
        "control",
        "medium",
        "all",
        "sexual",
        (
            "Keine Wahl der Kunden oder Praktiken, kein Recht auf Ablehnung",
            "Aucun choix des clients ou des pratiques, pas de droit de refus",
            "Nessuna scelta dei clienti o delle pratiche, nessun diritto di rifiuto",
            "No choice of clients or practices, no right to refuse",
        ),
    ),
    Row(
        "CON-05",
        "control",
        "medium",
        "all",
        "both",
        (
            "Mobiltelefon wird kontrolliert oder weggenommen",
            "Téléphone portable contrôlé ou confisqué",
            "Telefono cellulare controllato o sottratto",
            "Mobile phone checked or taken away",
        ),
    ),
    Row(
        "CON-06",
        "control",
        "weak",
        "all",
        "both",
        (
            "Wohnt am Arbeitsort oder in einer vom Arbeitgeber gestellten Unterkunft",
            "Vit sur le lieu de travail ou dans un logement fourni par l'employeur",
            "Vive sul luogo di lavoro o in un alloggio fornito dal datore di lavoro",
            "Lives at the workplace or in housing provided by the employer",
        ),
    ),
    Row(
        "CON-07",
        "control",
        "medium",
        "all",
        "both",
        (
            "Zur Begehung von Straftaten gezwungen (z. B. Diebstahl, Drogenhandel)",
            "Contraint de commettre des infractions (p. ex. vol, trafic de drogue)",
            "Costretto a commettere reati (ad es. furto, spaccio)",
            "Forced to commit offences (e.g. theft, drug dealing)",
        ),
    ),
    # Violence and threats
    Row(
        "VIO-01",
        "violence",
        "strong",
        "all",
        "both",
        (
            "Körperliche oder sexuelle Gewalt erlitten",
            "A subi des violences physiques ou sexuelles",
            "Ha subito violenza fisica o sessuale",
            "Has suffered physical or sexual violence",
        ),
    ),
    Row(
        "VIO-02",
        "violence",
        "strong",
        "all",
        "both",
        (
            "Drohungen gegen die Person oder ihre Familie",
            "Menaces contre la personne ou sa famille",
            "Minacce contro la persona o la sua famiglia",
            "Threats against the person or their family",
        ),
    ),
    Row(
        "VIO-03",
        "violence",
        "medium",
        "all",
        "both",
        (
            "Drohung mit Anzeige bei Polizei oder Ausschaffung",
            "Menace de dénonciation à la police ou de renvoi",
            "Minaccia di denuncia alla polizia o di espulsione",
            "Threatened with the police or deportation",
        ),
    ),
    Row(
        "VIO-04",
        "violence",
        "medium",
        "all",
        "sexual",
        (
            "Drohung, intime Bilder oder die Tätigkeit offenzulegen",
            "Menace de divulguer des images intimes ou l'activité",
            "Minaccia di divulgare immagini intime o l'attività",
            "Threatened with disclosure of intimate images or the activity",
        ),
    ),
    Row(
        "VIO-05",
        "violence",
        "medium",
        "all",
        "both",
        (
            "Rituale, Schwüre oder religiöser Druck (z. B. Juju)",
            "Rituels, serments ou pression religieuse (p. ex. juju)",
            "Riti, giuramenti o pressione religiosa (ad es. juju)",
            "Rituals, oaths or religious pressure (e.g. juju)",
        ),
    ),
    # Working and living conditions
    Row(
        "WLC-01",
        "conditions",
        "medium",
        "all",
        "labour",
        (
            "Übermässig lange Arbeitszeiten ohne Ruhetage",
            "Horaires excessifs sans jours de repos",
            "Orari eccessivi senza giorni di riposo",
            "Excessive working hours without rest days",
        ),
    ),
    Row(
        "WLC-02",
        "conditions",
        "medium",
        "all",
        "both",
        (
            "Unwürdige oder überbelegte Unterkunft",
            "Logement indigne ou surpeuplé",
            "Alloggio indegno o sovraffollato",
            "Degrading or overcrowded accommodation",
        ),
    ),
    Row(
        "WLC-03",
        "conditions",
        "medium",
        "all",
        "labour",
        (
            "Gefährliche Arbeit ohne Schutz oder Ausbildung",
            "Travail dangereux sans protection ni formation",
            "Lavoro pericoloso senza protezione né formazione",
            "Hazardous work without protection or training",
        ),
    ),
    Row(
        "WLC-04",
        "conditions",
        "weak",
        "all",
        "labour",
        (
            "Kein Arbeitsvertrag oder Vertrag in unverständlicher Sprache",
            "Pas de contrat de travail ou contrat dans une langue inconnue",
            "Nessun contratto di lavoro o contratto in una lingua sconosciuta",
            "No employment contract, or one in a language they do not read",
        ),
    ),
    Row(
        "WLC-05",
        "conditions",
        "medium",
        "all",
        "labour",
        (
            "Lebt im Haushalt des Arbeitgebers ohne Privatsphäre und Freizeit",
            "Vit chez l'employeur sans intimité ni temps libre",
            "Vive in casa del datore di lavoro senza privacy né tempo libero",
            "Lives in the employer's household without privacy or free time",
        ),
    ),
    Row(
        "WLC-06",
        "conditions",
        "medium",
        "all",
        "sexual",
        (
            "Muss eine Mindestzahl von Kunden oder Einnahmen erreichen",
            "Doit atteindre un nombre minimal de clients ou un montant minimal",
            "Deve raggiungere un numero minimo di clienti o di incassi",
            "Must reach a minimum number of clients or earnings",
        ),
    ),
    Row(
        "WLC-07",
        "conditions",
        "weak",
        "all",
        "both",
        (
            "Kein Zugang zu medizinischer Versorgung",
            "Pas d'accès aux soins médicaux",
            "Nessun accesso alle cure mediche",
            "No access to medical care",
        ),
    ),
    # Identity documents
    Row(
        "DOC-01",
        "documents",
        "strong",
        "all",
        "both",
        (
            "Pass oder Ausweis von Dritten einbehalten",
            "Passeport ou pièce d'identité retenu par des tiers",
            "Passaporto o documento trattenuto da terzi",
            "Passport or ID withheld by others",
        ),
    ),
    Row(
        "DOC-02",
        "documents",
        "medium",
        "all",
        "both",
        (
            "Gefälschte oder fremde Ausweispapiere",
            "Papiers d'identité falsifiés ou d'une autre personne",
            "Documenti d'identità falsi o di un'altra persona",
            "False or someone else's identity papers",
        ),
    ),
    Row(
        "DOC-03",
        "documents",
        "weak",
        "all",
        "both",
        (
            "Ohne Aufenthalts- oder Arbeitsbewilligung",
            "Sans autorisation de séjour ni de travail",
            "Senza permesso di soggiorno o di lavoro",
            "No residence or work permit",
        ),
    ),
    # Debt and pay
    Row(
        "DEB-01",
        "debt",
        "strong",
        "all",
        "both",
        (
            "Schuld gegenüber Anwerber oder Arbeitgeber, die nicht abbezahlt werden kann",
            "Dette envers le recruteur ou l'employeur impossible à rembourser",
            "Debito verso il reclutatore o il datore di lavoro impossibile da estinguere",
            "Debt to the recruiter or employer that cannot be paid off",
        ),
    ),
    Row(
        "DEB-02",
        "debt",
        "medium",
        "all",
        "both",
        (
            "Lohn oder Einnahmen werden einbehalten oder abgegeben",
            "Salaire ou gains retenus ou remis à des tiers",
            "Salario o guadagni trattenuti o consegnati a terzi",
            "Wages or earnings withheld or handed over",
        ),
    ),
    Row(
        "DEB-03",
        "debt",
        "medium",
        "all",
        "both",
        (
            "Willkürliche Abzüge oder Bussen für Unterkunft, Essen, Fehler",
            "Retenues ou amendes arbitraires pour logement, repas, erreurs",
            "Trattenute o multe arbitrarie per alloggio, vitto, errori",
            "Arbitrary deductions or fines for housing, food or mistakes",
        ),
    ),
    Row(
        "DEB-04",
        "debt",
        "weak",
        "all",
        "labour",
        (
            "Lohn weit unter dem orts- und branchenüblichen Lohn",
            "Salaire très inférieur aux usages locaux et de la branche",
            "Salario molto inferiore a quello usuale nel luogo e nel settore",
            "Pay far below local and sector rates",
        ),
    ),
    # Vulnerability
    Row(
        "VUL-01",
        "vulnerability",
        "medium",
        "all",
        "both",
        (
            "Spricht die lokale Sprache nicht und ist auf Dritte angewiesen",
            "Ne parle pas la langue locale et dépend de tiers",
            "Non parla la lingua locale e dipende da terzi",
            "Does not speak the local language and depends on others",
        ),
    ),
    Row(
        "VUL-02",
        "vulnerability",
        "weak",
        "all",
        "both",
        (
            "Ohne soziales Netz in der Schweiz",
            "Sans réseau social en Suisse",
            "Senza rete sociale in Svizzera",
            "No social network in Switzerland",
        ),
    ),
    Row(
        "VUL-03",
        "vulnerability",
        "medium",
        "all",
        "both",
        (
            "Familie im Herkunftsland abhängig von den Einnahmen",
            "Famille dans le pays d'origine dépendante des gains",
            "Famiglia nel paese d'origine dipendente dai guadagni",
            "Family at home depends on the earnings",
        ),
    ),
    Row(
        "VUL-04",
        "vulnerability",
        "weak",
        "all",
        "both",
        (
            "Sucht, Krankheit oder Behinderung wird ausgenutzt",
            "Dépendance, maladie ou handicap exploités",
            "Dipendenza, malattia o disabilità sfruttate",
            "Addiction, illness or disability exploited",
        ),
    ),
    # Physical and psychological signs
    Row(
        "HEA-01",
        "health",
        "weak",
        "all",
        "both",
        (
            "Erschöpfung, Unterernährung oder schlecht verheilte Verletzungen",
            "Épuisement, malnutrition ou blessures mal soignées",
            "Esaurimento, malnutrizione o ferite mal curate",
            "Exhaustion, malnutrition or badly healed injuries",
        ),
    ),
    Row(
        "HEA-02",
        "health",
        "weak",
        "all",
        "both",
        (
            "Angst, Misstrauen, Scham oder Schuldgefühle",
            "Peur, méfiance, honte ou culpabilité",
            "Paura, diffidenza, vergogna o senso di colpa",
            "Fear, mistrust, shame or guilt",
        ),
    ),
    Row(
        "HEA-03",
        "health",
        "weak",
        "all",
        "both",
        (
            "Verlust des Zeitgefühls oder Erinnerungslücken",
            "Perte de la notion du temps ou trous de mémoire",
            "Perdita del senso del tempo o vuoti di memoria",
            "Loss of sense of time or gaps in memory",
        ),
    ),
    Row(
        "HEA-04",
        "health",
        "weak",
        "adults",
        "sexual",
        (
            "Wiederholte sexuell übertragbare Infektionen oder Abtreibungen",
            "Infections sexuellement transmissibles ou avortements répétés",
            "Infezioni sessualmente trasmissibili o aborti ripetuti",
            "Repeated sexually transmitted infections or abortions",
        ),
    ),
    # Signs in children
    Row(
        "CHI-01",
        "children",
        "strong",
        "children",
        "both",
        (
            "Kind ohne Eltern oder gesetzliche Vertretung, von Dritten kontrolliert",
            "Enfant sans parents ni représentant légal, contrôlé par des tiers",
            "Minore senza genitori né rappresentante legale, controllato da terzi",
            "Child without parents or legal guardian, controlled by others",
        ),
    ),
    Row(
        "CHI-02",
        "children",
        "strong",
        "children",
        "sexual",
        (
            "Kind in der Prostitution oder in sexualisierten Darstellungen",
            "Enfant dans la prostitution ou dans des représentations sexualisées",
            "Minore nella prostituzione o in rappresentazioni sessualizzate",
            "Child in prostitution or in sexualised images",
        ),
    ),
    Row(
        "CHI-03",
        "children",
        "medium",
        "children",
        "labour",
        (
            "Kind bettelt, stiehlt oder arbeitet für Erwachsene",
            "Enfant qui mendie, vole ou travaille pour des adultes",
            "Minore che mendica, ruba o lavora per adulti",
            "Child begging, stealing or working for adults",
        ),
    ),
    Row(
        "CHI-04",
        "children",
        "medium",
        "children",
        "both",
        ("Geht nicht zur Schule", "Ne va pas à l'école", "Non frequenta la scuola", "Does not attend school"),
    ),
    Row(
        "CHI-05",
        "children",
        "weak",
        "children",
        "both",
        (
            "Verängstigtes oder nicht altersgemässes Verhalten, Angst vor der Polizei",
            "Comportement craintif ou inadapté à l'âge, peur de la police",
            "Comportamento impaurito o non adatto all'età, paura della polizia",
            "Frightened or age-inappropriate behaviour, fear of the police",
        ),
    ),
    Row(
        "CHI-06",
        "children",
        "weak",
        "children",
        "both",
        (
            "Viel Kleingeld, Prepaid-Telefon oder Zettel mit Telefonnummern",
            "Beaucoup de petite monnaie, téléphone prépayé ou papier avec des numéros",
            "Molte monete, telefono prepagato o foglietto con numeri di telefono",
            "Lots of small change, a prepaid phone or a note with phone numbers",
        ),
    ),
]


def seed_default_catalogue(*, catalogue_model: Any, dimension_model: Any, indicator_model: Any) -> None:
    """Writes version 1 unless present; takes the models so a migration can pass historical ones."""
    if catalogue_model.objects.filter(version=VERSION).exists():
        return
    catalogue = catalogue_model.objects.create(
        version=VERSION,
        valid_from=VALID_FROM,
        source=SOURCE,
        title=TITLE["de"],
        **{f"title_{language}": text for language, text in TITLE.items()},
    )
    dimensions = {}
    for order, (key, names) in enumerate(DIMENSIONS):
        dimensions[key] = dimension_model.objects.create(
            catalogue=catalogue, key=key, order=order, name=names[0], **_languages("name", names)
        )
    indicator_model.objects.bulk_create(
        indicator_model(
            catalogue=catalogue,
            dimension=dimensions[row.dimension],
            code=row.code,
            order=order,
            strength=row.strength,
            target=row.target,
            exploitation_form=row.form,
            text=row.texts[0],
            **_languages("text", row.texts),
        )
        for order, row in enumerate(INDICATORS)
    )


def _languages(field: str, texts: tuple[str, str, str, str]) -> dict[str, str]:
    return dict(zip((f"{field}_de", f"{field}_fr", f"{field}_it", f"{field}_en"), texts, strict=True))
