# ruff: noqa: E501 - prose in its own script and punctuation
CONTACT = """Centrul dumneavoastră de consiliere:
{victim_aid_name}
{victim_aid_address}
Telefon: {victim_aid_phone}
E-mail: {victim_aid_email}
Zi și noapte: {hotline}

În caz de urgență: poliția 117, ambulanța 144."""

TEXTS = {
    "assistance": (
        "Ajutor pentru victimele traficului de persoane",
        f"""Poate că cineva v-a exploatat: prin prostituție, prin muncă fără o plată corectă, prin cerșit sau infracțiuni ori pentru a vă lua un organ. Acesta este trafic de persoane. În Elveția este o infracțiune.

Aveți dreptul la ajutor. Centrele de consiliere pentru victime vă sprijină. Ajutorul lor este gratuit. Nu trebuie să mergeți la poliție ca să îl primiți.

Centrul de consiliere vă ajută imediat: un loc sigur de cazare, îngrijire medicală, sprijin psihologic, bani pentru viața de zi cu zi și consiliere juridică. Vă ajută și mai târziu, de exemplu cu terapie sau cu un avocat.

Tot ce spuneți centrului de consiliere rămâne confidențial. Personalul nu transmite nimic poliției, oficiului de migrație sau altcuiva fără acordul dumneavoastră. Numai dacă un copil este în pericol grav, poate informa autoritatea pentru protecția copilului.

Vă alegeți singur centrul de consiliere. Puteți cere un interpret. Puteți cere ajutor oricând, chiar și la mult timp după cele întâmplate. Dacă ați fost exploatat numai în străinătate, centrul vă spune ce ajutor puteți primi.

{CONTACT}""",
    ),
    "victims_rights": (
        "Drepturile dumneavoastră în procesul penal",
        f"""Dacă poliția și procuratura fac o anchetă, aveți drepturi speciale ca victimă.

Identitatea dumneavoastră este protejată. Autoritățile nu vă fac public numele.

Puteți veni la fiecare audiere cu o persoană de încredere. Puteți cere să nu vă întâlniți cu persoana acuzată. O confruntare are loc numai dacă nu există altă cale.

Puteți refuza să răspundeți la întrebări despre viața dumneavoastră intimă. Un interpret traduce pentru dumneavoastră, gratuit.

Aveți dreptul să fiți informat despre proces. Primiți gratuit hotărârea judecătorească sau ordonanța penală, dacă nu renunțați la ea.

Puteți participa la proces și puteți cere despăgubiri. Un avocat vă poate reprezenta; dacă nu aveți bani, puteți cere asistență juridică gratuită. Centrul de consiliere vă ajută să cereți cantonului o despăgubire și o reparație morală, în termen de cinci ani.

Dacă sunteți victima unei infracțiuni împotriva integrității sexuale: dacă doriți, vă audiază o persoană de același sex cu dumneavoastră, iar interpretul poate fi și el de același sex. La cererea dumneavoastră, în instanță se află cel puțin o persoană de același sex.

Dacă aveți sub 18 ani: prima audiere are loc curând. De regulă nu sunt mai mult de două audieri. Ele sunt filmate, ca să nu trebuiască să repetați totul, și le conduce o persoană special pregătită. Nu trebuie să vă întâlniți cu persoana acuzată.

{CONTACT}""",
    ),
    "reflection_period": (
        "Timp pentru a vă reface și a vă gândi",
        f"""Dacă nu aveți drept de ședere în Elveția și există indicii că sunteți victimă a traficului de persoane, oficiul cantonal de migrație vă acordă o perioadă de refacere și de reflecție. Ea durează cel puțin 30 de zile.

În această perioadă nu veți fi trimis din Elveția.

Folosiți acest timp ca să vă odihniți și să primiți ajutor. Apoi hotărâți liber dacă vreți să colaborați cu poliția și cu procuratura. Centrul de consiliere sau poliția pot cere această perioadă pentru dumneavoastră.

Perioada se încheie mai devreme dacă hotărâți să colaborați cu autoritățile și ați rupt orice legătură cu suspecții. Se poate încheia și dacă spuneți că nu vreți să colaborați, dacă reluați de bunăvoie legătura cu suspecții, dacă se dovedește că nu sunteți victimă sau dacă puneți grav în pericol siguranța publică.

Dacă poliția sau instanța au nevoie de prezența dumneavoastră, primiți o autorizație de ședere de scurtă durată (permis L) pe durata procesului. Este posibil să vi se permită să lucrați.

După aceea, puteți cere să rămâneți mai mult timp într-un caz personal deosebit de grav. Dacă vreți să vă întoarceți acasă, puteți primi ajutor pentru o întoarcere sigură. Aceste drepturi se aplică și dacă ați cerut azil.

{CONTACT}""",
    ),
    "minors": (
        "Informații pentru copii și tineri",
        f"""Ai sub 18 ani sau poate că ai. Până când îți cunoaștem vârsta, te tratăm ca pe un copil.

Ce ți s-a întâmplat nu este vina ta. Oamenii care te-au exploatat au făcut un lucru rău.

Primești ajutor și protecție. Ajutorul este gratuit. Autoritatea pentru protecția copilului îți dă o persoană care are grijă de tine și vorbește pentru tine.

Poți vorbi cu centrul de consiliere. Ce povestești acolo rămâne secret. Numai dacă ești în pericol grav, centrul poate informa autoritatea pentru protecția copilului, ca să te protejeze.

Dacă vorbești cu poliția, poate veni cu tine o persoană în care ai încredere. Nu trebuie să te întâlnești cu persoana care ți-a făcut rău. De regulă nu sunt mai mult de două audieri. Ele sunt filmate, iar întrebările le pune o persoană special pregătită.

Tot ce se hotărăște trebuie să fie bine pentru tine. Poți pune întrebări oricând și poți avea un interpret.

{CONTACT}""",
    ),
}
