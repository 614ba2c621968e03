# ruff: noqa: E501 - prose in its own script and punctuation
CONTACT = """Il suo consultorio:
{victim_aid_name}
{victim_aid_address}
Telefono: {victim_aid_phone}
E-mail: {victim_aid_email}
Giorno e notte: {hotline}

In caso di emergenza: polizia 117, ambulanza 144."""

TEXTS = {
    "assistance": (
        "Aiuto per le vittime della tratta di esseri umani",
        f"""Forse qualcuno l'ha sfruttata: nella prostituzione, nel lavoro senza una paga equa, per mendicare o commettere reati, o per prelevarle un organo. Questa è tratta di esseri umani. In Svizzera è un reato.

Lei ha diritto all'aiuto. I consultori per l'aiuto alle vittime (LAV) la sostengono. Il loro aiuto è gratuito. Per riceverlo non deve rivolgersi alla polizia.

Il consultorio l'aiuta subito: un alloggio sicuro, cure mediche, sostegno psicologico, denaro per la vita quotidiana e consulenza giuridica. L'aiuta anche in seguito, per esempio con una terapia o un avvocato.

Tutto ciò che racconta al consultorio resta confidenziale. Il personale non trasmette nulla alla polizia, all'ufficio della migrazione o ad altri senza il suo consenso. Solo se un bambino è in grave pericolo può informare l'autorità di protezione dei minori.

Lei sceglie il suo consultorio. Può chiedere un interprete. Può chiedere aiuto in qualsiasi momento, anche molto tempo dopo i fatti. Se è stata sfruttata solo all'estero, il consultorio le dirà quale aiuto può ricevere.

{CONTACT}""",
    ),
    "victims_rights": (
        "I suoi diritti nel procedimento penale",
        f"""Se la polizia e il pubblico ministero indagano, lei ha diritti particolari come vittima.

La sua identità è protetta. Le autorità non pubblicano il suo nome.

Può farsi accompagnare a ogni interrogatorio da una persona di fiducia. Può chiedere di non incontrare l'imputato. Un confronto avviene solo se non c'è altra possibilità.

Può rifiutarsi di rispondere a domande sulla sua sfera intima. Un interprete traduce per lei, gratuitamente.

Ha diritto di essere informata sul procedimento. Riceve gratuitamente la sentenza o il decreto d'accusa, a meno che vi rinunci.

Può partecipare al procedimento e chiedere il risarcimento del danno. Un avvocato può rappresentarla; se non ha i mezzi, può chiedere il gratuito patrocinio. Il consultorio l'aiuta a chiedere al Cantone un indennizzo e una riparazione morale, entro cinque anni.

Se è vittima di un reato contro l'integrità sessuale: se lo desidera, la interroga una persona del suo stesso sesso, e anche l'interprete può essere del suo sesso. Su sua richiesta, del tribunale fa parte almeno una persona del suo sesso.

Se ha meno di 18 anni: il primo interrogatorio avviene presto. Di regola non ci sono più di due interrogatori. Vengono filmati, così non deve ripetere tutto, e li conduce una persona con una formazione speciale. Non deve incontrare l'imputato.

{CONTACT}""",
    ),
    "reflection_period": (
        "Tempo per riprendersi e riflettere",
        f"""Se non ha il diritto di soggiornare in Svizzera e ci sono indizi che lei sia vittima della tratta di esseri umani, l'ufficio cantonale della migrazione le concede un periodo di recupero e di riflessione. Dura almeno 30 giorni.

Durante questo periodo non sarà allontanata dalla Svizzera.

Usi questo tempo per riposarsi e ricevere aiuto. Poi decida liberamente se vuole collaborare con la polizia e il pubblico ministero. Il consultorio o la polizia possono chiedere questo periodo per lei.

Il periodo termina prima se lei decide di collaborare con le autorità e ha interrotto ogni contatto con i sospettati. Può terminare anche se dichiara di non voler collaborare, se riprende volontariamente contatto con i sospettati, se risulta che non è vittima, o se minaccia gravemente la sicurezza pubblica.

Se la polizia o il tribunale hanno bisogno della sua presenza, riceve un permesso di soggiorno di breve durata (permesso L) per la durata del procedimento. Eventualmente può lavorare.

In seguito può chiedere di restare più a lungo in caso di grave rigore personale. Se vuole tornare a casa, può ricevere aiuto per un ritorno sicuro. Questi diritti valgono anche se ha chiesto asilo.

{CONTACT}""",
    ),
    "minors": (
        "Informazioni per bambini e ragazzi",
        f"""Hai meno di 18 anni, o forse è così. Finché non conosciamo la tua età, ti trattiamo come un bambino.

Quello che ti è successo non è colpa tua. Le persone che ti hanno sfruttato hanno agito male.

Ricevi aiuto e protezione. L'aiuto è gratuito. L'autorità di protezione dei minori ti dà una persona che si occupa di te e parla per te.

Puoi parlare con il consultorio. Quello che racconti lì resta segreto. Solo se sei in grave pericolo il consultorio può informare l'autorità di protezione dei minori, per proteggerti.

Se parli con la polizia, può venire con te una persona di cui ti fidi. Non devi incontrare la persona che ti ha fatto del male. Di regola non ci sono più di due interrogatori. Vengono filmati, e le domande le fa una persona con una formazione speciale.

Tutto ciò che viene deciso deve essere un bene per te. Puoi fare domande in qualsiasi momento e puoi avere un interprete.

{CONTACT}""",
    ),
}
