# ruff: noqa: E501 - prose: one line per text keeps the three languages side by side
"""Starter texts of the fourteen sections in German, French and Italian (a starting point to adapt).

Written for this platform from the guidelines of 2005 (sections 3-4) and the current law:
Art. 182 StGB, Art. 35/36 VZAE, Art. 11 OHG, Art. 117 and 152-154 StPO, Art. 60 AIG, KESB.
"""

from django.db import transaction

from ksmm.accounts.models import User

from .agreements.actions import do_create_draft
from .models import Agreement, AgreementSection

Key = AgreementSection.Key

NOTE = {
    "de": "Starttext, von den Partnern des Runden Tisches anzupassen.",
    "fr": "Texte de départ, à adapter par les partenaires de la table ronde.",
    "it": "Testo di partenza, da adattare dai partner della tavola rotonda.",
}

TITLE = {
    "de": "Kooperationsvereinbarung gegen Menschenhandel",
    "fr": "Convention de coopération contre la traite des êtres humains",
    "it": "Convenzione di cooperazione contro la tratta di esseri umani",
}

# key: {language: (heading, text)}
TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    Key.ADVANCE_NOTICE: {
        "de": (
            "Vorankündigung von Kontrollen",
            "Die Polizei kündigt geplante Kontrollen im Milieu der Opferberatungsstelle rechtzeitig an, ohne den Ermittlungszweck zu gefährden. Die Beratungsstelle hält sich für eine Betreuung allfälliger Opfer bereit.",
        ),
        "fr": (
            "Annonce préalable des contrôles",
            "La police annonce à temps au centre de consultation LAVI les contrôles planifiés, sans compromettre l'enquête. Le centre se tient prêt à prendre en charge d'éventuelles victimes.",
        ),
        "it": (
            "Preavviso dei controlli",
            "La polizia preannuncia tempestivamente al consultorio LAV i controlli pianificati, senza compromettere l'indagine. Il consultorio si tiene pronto ad assistere eventuali vittime.",
        ),
    },
    Key.IDENTIFICATION: {
        "de": (
            "Identifizierung",
            "Die Partner achten auf Hinweise auf Menschenhandel nach Art. 182 StGB und melden einen Verdacht der Polizei und der Opferberatungsstelle. Im Zweifel wird eine Person bis zur Klärung als mögliches Opfer behandelt.",
        ),
        "fr": (
            "Identification",
            "Les partenaires sont attentifs aux indices de traite au sens de l'art. 182 CP et signalent tout soupçon à la police et au centre LAVI. En cas de doute, la personne est traitée comme victime potentielle jusqu'à clarification.",
        ),
        "it": (
            "Identificazione",
            "I partner prestano attenzione agli indizi di tratta ai sensi dell'art. 182 CP e segnalano ogni sospetto alla polizia e al consultorio LAV. In caso di dubbio la persona è trattata come potenziale vittima fino al chiarimento.",
        ),
    },
    Key.ASSISTANCE_INFORMATION: {
        "de": (
            "Information über Unterstützung",
            "Wer ein mögliches Opfer antrifft, informiert es in einer ihm verständlichen Sprache über die Opferhilfe und vermittelt den Kontakt zur Beratungsstelle. Die Polizei gibt Name und Adresse nur mit Zustimmung des Opfers weiter.",
        ),
        "fr": (
            "Information sur l'aide",
            "Quiconque rencontre une victime potentielle l'informe, dans une langue qu'elle comprend, de l'aide aux victimes et la met en contact avec le centre LAVI. La police ne transmet nom et adresse qu'avec l'accord de la victime.",
        ),
        "it": (
            "Informazione sull'aiuto",
            "Chi incontra una potenziale vittima la informa, in una lingua che comprende, sull'aiuto alle vittime e la mette in contatto con il consultorio LAV. La polizia trasmette nome e indirizzo solo con il consenso della vittima.",
        ),
    },
    Key.REFLECTION_PERIOD: {
        "de": (
            "Erholungs- und Bedenkzeit",
            "Das Migrationsamt gewährt nach Art. 35 VZAE eine Erholungs- und Bedenkzeit von mindestens 30 Tagen, während der keine Wegweisung vollzogen wird. Die Person entscheidet in dieser Zeit, ob sie mit den Behörden zusammenarbeiten will.",
        ),
        "fr": (
            "Délai de rétablissement et de réflexion",
            "L'office des migrations accorde selon l'art. 35 OASA un délai de rétablissement et de réflexion d'au moins 30 jours, pendant lequel aucun renvoi n'est exécuté. La personne décide durant ce délai si elle veut coopérer avec les autorités.",
        ),
        "it": (
            "Periodo di recupero e di riflessione",
            "L'ufficio della migrazione concede secondo l'art. 35 OASA un periodo di recupero e di riflessione di almeno 30 giorni, durante il quale non è eseguito alcun allontanamento. In questo periodo la persona decide se collaborare con le autorità.",
        ),
    },
    Key.STAY_DURING_PROCEEDINGS: {
        "de": (
            "Aufenthalt während des Verfahrens",
            "Ist die Anwesenheit des Opfers für die Ermittlungen oder das Strafverfahren nötig, erteilt das Migrationsamt nach Art. 36 VZAE eine Kurzaufenthaltsbewilligung (L). Die Staatsanwaltschaft bestätigt dem Amt die Dauer des Bedarfs.",
        ),
        "fr": (
            "Séjour pendant la procédure",
            "Si la présence de la victime est nécessaire à l'enquête ou à la procédure pénale, l'office des migrations délivre selon l'art. 36 OASA une autorisation de courte durée (L). Le ministère public confirme à l'office la durée du besoin.",
        ),
        "it": (
            "Soggiorno durante il procedimento",
            "Se la presenza della vittima è necessaria per le indagini o il procedimento penale, l'ufficio della migrazione rilascia secondo l'art. 36 OASA un permesso di soggiorno di breve durata (L). Il pubblico ministero conferma all'ufficio la durata del bisogno.",
        ),
    },
    Key.ACCOMMODATION: {
        "de": (
            "Unterbringung und Betreuung",
            "Die Opferberatungsstelle sorgt für eine sichere Unterkunft, medizinische Versorgung und den Lebensunterhalt; die auf Opfer von Menschenhandel spezialisierte Fachstelle gehört der Kerngruppe an und begleitet die Opfer. Die Sozialhilfe und die Opferhilfe regeln die Kostenübernahme untereinander.",
        ),
        "fr": (
            "Hébergement et prise en charge",
            "Le centre LAVI assure un hébergement sûr, les soins médicaux et l'entretien ; l'organisation spécialisée dans l'aide aux victimes de la traite fait partie du groupe central et accompagne les victimes. L'aide sociale et l'aide aux victimes règlent entre elles la prise en charge des frais.",
        ),
        "it": (
            "Alloggio e assistenza",
            "Il consultorio LAV provvede a un alloggio sicuro, alle cure mediche e al sostentamento; l'organizzazione specializzata nelle vittime della tratta fa parte del gruppo centrale e accompagna le vittime. L'aiuto sociale e l'aiuto alle vittime regolano tra loro l'assunzione dei costi.",
        ),
    },
    Key.INTERVIEWS: {
        "de": (
            "Befragungen",
            "Die Polizei und die Staatsanwaltschaft befragen das Opfer schonend nach Art. 152-154 StPO, auf Wunsch durch eine Person gleichen Geschlechts und mit Dolmetschenden. Eine Vertrauensperson darf das Opfer begleiten.",
        ),
        "fr": (
            "Auditions",
            "La police et le ministère public entendent la victime avec ménagement selon les art. 152-154 CPP, sur demande par une personne du même sexe et avec interprète. Une personne de confiance peut accompagner la victime.",
        ),
        "it": (
            "Audizioni",
            "La polizia e il pubblico ministero sentono la vittima con riguardo secondo gli art. 152-154 CPP, su richiesta da una persona dello stesso sesso e con interprete. Una persona di fiducia può accompagnare la vittima.",
        ),
    },
    Key.VICTIMS_RIGHTS: {
        "de": (
            "Rechte der Opfer",
            "Die Behörden informieren das Opfer über seine Rechte als Opfer und Privatklägerschaft nach Art. 117 StPO. Die Beratungsstelle wahrt die Schweigepflicht nach Art. 11 OHG und gibt Auskünfte nur mit Zustimmung des Opfers weiter.",
        ),
        "fr": (
            "Droits des victimes",
            "Les autorités informent la victime de ses droits de victime et de partie plaignante selon l'art. 117 CPP. Le centre LAVI respecte l'obligation de garder le secret de l'art. 11 LAVI et ne transmet d'informations qu'avec l'accord de la victime.",
        ),
        "it": (
            "Diritti delle vittime",
            "Le autorità informano la vittima sui suoi diritti di vittima e di accusatore privato secondo l'art. 117 CPP. Il consultorio LAV rispetta l'obbligo del segreto dell'art. 11 LAV e trasmette informazioni solo con il consenso della vittima.",
        ),
    },
    Key.SAFETY: {
        "de": (
            "Sicherheit",
            "Die Polizei beurteilt die Gefährdung des Opfers und seiner Angehörigen und trifft die nötigen Schutzmassnahmen. Die Adresse der Unterkunft wird vertraulich behandelt.",
        ),
        "fr": (
            "Sécurité",
            "La police évalue la mise en danger de la victime et de ses proches et prend les mesures de protection nécessaires. L'adresse de l'hébergement reste confidentielle.",
        ),
        "it": (
            "Sicurezza",
            "La polizia valuta il pericolo per la vittima e i suoi congiunti e adotta le misure di protezione necessarie. L'indirizzo dell'alloggio resta confidenziale.",
        ),
    },
    Key.NON_PUNISHMENT: {
        "de": (
            "Straflosigkeit",
            "Die Staatsanwaltschaft prüft, ob von der Strafverfolgung eines Opfers für Taten abzusehen ist, zu denen es gezwungen wurde, etwa Verstösse gegen das Ausländerrecht. Das Opfer wird dafür nicht zusätzlich belastet.",
        ),
        "fr": (
            "Non-sanction",
            "Le ministère public examine s'il y a lieu de renoncer à poursuivre une victime pour des infractions qu'elle a été contrainte de commettre, par exemple au droit des étrangers. La victime n'en est pas davantage accablée.",
        ),
        "it": (
            "Non punibilità",
            "Il pubblico ministero esamina se rinunciare al perseguimento di una vittima per reati che è stata costretta a commettere, ad esempio contro il diritto degli stranieri. La vittima non ne è ulteriormente gravata.",
        ),
    },
    Key.RETURN_ASSISTANCE: {
        "de": (
            "Rückkehrhilfe",
            "Die Rückkehrberatung informiert das Opfer über die Rückkehrhilfe nach Art. 60 AIG und bereitet eine sichere Rückkehr mit Partnern im Herkunftsland vor. Die Rückkehr erfolgt freiwillig und nach einer Risikoabklärung.",
        ),
        "fr": (
            "Aide au retour",
            "Le conseil en vue du retour informe la victime de l'aide au retour selon l'art. 60 LEI et prépare un retour sûr avec des partenaires dans le pays d'origine. Le retour est volontaire et précédé d'une évaluation des risques.",
        ),
        "it": (
            "Aiuto al ritorno",
            "La consulenza per il ritorno informa la vittima sull'aiuto al ritorno secondo l'art. 60 LStrI e prepara un ritorno sicuro con partner nel Paese d'origine. Il ritorno è volontario e preceduto da una valutazione dei rischi.",
        ),
    },
    Key.FURTHER_STAY: {
        "de": (
            "Weiterer Aufenthalt",
            "Nach Abschluss des Verfahrens prüft das Migrationsamt einen weiteren Aufenthalt wegen eines schwerwiegenden persönlichen Härtefalls nach Art. 36 Abs. 6 VZAE. Die Opferberatungsstelle kann dazu Stellung nehmen.",
        ),
        "fr": (
            "Séjour ultérieur",
            "À la fin de la procédure, l'office des migrations examine un séjour ultérieur pour cas individuel d'une extrême gravité selon l'art. 36, al. 6, OASA. Le centre LAVI peut prendre position.",
        ),
        "it": (
            "Ulteriore soggiorno",
            "Al termine del procedimento, l'ufficio della migrazione esamina un ulteriore soggiorno per grave caso di rigore personale secondo l'art. 36 cpv. 6 OASA. Il consultorio LAV può prendere posizione.",
        ),
    },
    Key.MINORS: {
        "de": (
            "Minderjährige",
            "Bei minderjährigen Opfern wird sofort die Kindes- und Erwachsenenschutzbehörde (KESB) benachrichtigt, die eine Vertretung anordnet. Das Kindeswohl hat bei allen Massnahmen Vorrang.",
        ),
        "fr": (
            "Mineurs",
            "Pour les victimes mineures, l'autorité de protection de l'enfant et de l'adulte (APEA) est avisée sans délai et désigne une représentation. L'intérêt supérieur de l'enfant prime dans toutes les mesures.",
        ),
        "it": (
            "Minorenni",
            "Per le vittime minorenni è avvisata senza indugio l'autorità di protezione dei minori e degli adulti (APMA), che designa una rappresentanza. L'interesse superiore del minore prevale in tutte le misure.",
        ),
    },
    Key.CONFLICT_RESOLUTION: {
        "de": (
            "Konfliktlösung",
            "Meinungsverschiedenheiten zwischen Partnern werden zuerst bilateral und sonst am Runden Tisch besprochen. Die Koordinationsstelle vermittelt und überprüft die Vereinbarung regelmässig.",
        ),
        "fr": (
            "Résolution des conflits",
            "Les divergences entre partenaires sont d'abord discutées bilatéralement, sinon à la table ronde. La coordination sert de médiatrice et réexamine régulièrement la convention.",
        ),
        "it": (
            "Risoluzione dei conflitti",
            "Le divergenze tra partner sono dapprima discusse bilateralmente, altrimenti alla tavola rotonda. Il coordinamento funge da mediatore e riesamina regolarmente la convenzione.",
        ),
    },
}

STARTER_LANGUAGES = ("de", "fr", "it")


def second_language_for(language: str) -> str:
    """The canton's second print language beside `language` (Bern: German and French), or ""."""
    from ksmm.cantons.current import second_print_language

    second = second_print_language()
    if second == language:
        second = {"de": "fr", "fr": "de"}.get(second, "")
    return second if second in STARTER_LANGUAGES else ""


def do_create_starter(*, acting_user: User | None, form: str, language: str, second_language: str = "") -> Agreement:
    """A draft with all fourteen sections in language (and second_language, if any)."""
    with transaction.atomic():
        agreement = do_create_draft(
            acting_user=acting_user,
            title=TITLE[language],
            form=form,
            language=language,
            second_language=second_language,
        )
        sections = []
        for order, key in enumerate(Key.values):
            heading, text = TEXTS[key][language]
            heading_second, text_second = TEXTS[key][second_language] if second_language else ("", "")
            sections.append(
                AgreementSection(
                    agreement=agreement,
                    key=key,
                    order=order,
                    heading=heading,
                    text=f"{text} ({NOTE[language]})",
                    heading_second=heading_second,
                    text_second=f"{text_second} ({NOTE[second_language]})" if second_language else "",
                )
            )
        AgreementSection.objects.bulk_create(sections)
    return agreement
