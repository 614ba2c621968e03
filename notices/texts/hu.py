# ruff: noqa: E501 - prose in its own script and punctuation
CONTACT = """Az Ön tanácsadó központja:
{victim_aid_name}
{victim_aid_address}
Telefon: {victim_aid_phone}
E-mail: {victim_aid_email}
Éjjel-nappal: {hotline}

Vészhelyzetben: rendőrség 117, mentők 144."""

TEXTS = {
    "assistance": (
        "Segítség az emberkereskedelem áldozatainak",
        f"""Lehet, hogy valaki kizsákmányolta Önt: prostitúcióval, tisztességes bér nélküli munkával, koldulással vagy bűncselekményekkel, vagy azért, hogy eltávolítsa egy szervét. Ez emberkereskedelem. Svájcban ez bűncselekmény.

Önnek joga van segítségre. Az áldozatsegítő tanácsadó központok támogatják Önt. Segítségük ingyenes. Ahhoz, hogy megkapja, nem kell a rendőrséghez fordulnia.

A tanácsadó központ azonnal segít: biztonságos szállással, orvosi ellátással, lelki támogatással, a mindennapokhoz szükséges pénzzel és jogi tanácsadással. Később is segít, például terápiával vagy ügyvéddel.

Mindaz, amit a tanácsadó központnak elmond, bizalmas marad. A munkatársak az Ön beleegyezése nélkül semmit nem adnak tovább a rendőrségnek, a migrációs hivatalnak vagy bárki másnak. Csak akkor értesíthetik a gyermekvédelmi hatóságot, ha egy gyermek súlyos veszélyben van.

A tanácsadó központot Ön választja ki. Kérhet tolmácsot. Bármikor kérhet segítséget, akár jóval a történtek után is. Ha csak külföldön zsákmányolták ki, a központ megmondja, milyen segítséget kaphat.

{CONTACT}""",
    ),
    "victims_rights": (
        "Az Ön jogai a büntetőeljárásban",
        f"""Ha a rendőrség és az ügyészség nyomoz, Önnek áldozatként különleges jogai vannak.

Személyazonosságát védik. A hatóságok nem hozzák nyilvánosságra a nevét.

Minden kihallgatásra elhozhat egy bizalmi személyt. Kérheti, hogy ne kelljen találkoznia a vádlottal. Szembesítésre csak akkor kerül sor, ha nincs más lehetőség.

Megtagadhatja a válaszadást az intim életére vonatkozó kérdésekre. Tolmács fordít Önnek, ingyenesen.

Joga van tájékoztatást kapni az eljárásról. Az ítéletet vagy a büntetővégzést ingyenesen megkapja, kivéve, ha lemond róla.

Részt vehet az eljárásban, és kártérítést követelhet. Ügyvéd képviselheti; ha nincs rá pénze, ingyenes jogi segítséget kérhet. A tanácsadó központ segít Önnek öt éven belül kártalanítást és sérelemdíjat kérni a kantontól.

Ha nemi integritás elleni bűncselekmény áldozata: ha kívánja, az Önnel azonos nemű személy hallgatja ki, és a tolmács is lehet azonos nemű. Kérésére a bíróságban legalább egy Önnel azonos nemű személy van.

Ha 18 évesnél fiatalabb: az első kihallgatás hamar megtörténik. Általában legfeljebb két kihallgatás van. Ezeket felveszik, hogy ne kelljen mindent megismételnie, és egy speciálisan képzett személy vezeti őket. Nem kell találkoznia a vádlottal.

{CONTACT}""",
    ),
    "reflection_period": (
        "Idő a felépülésre és a gondolkodásra",
        f"""Ha nincs joga Svájcban tartózkodni, és jelek utalnak arra, hogy emberkereskedelem áldozata, a kantoni migrációs hivatal felépülési és gondolkodási időt ad Önnek. Ez legalább 30 napig tart.

Ez idő alatt nem utasítják ki Svájcból.

Használja ki ezt az időt pihenésre és arra, hogy segítséget kapjon. Utána szabadon döntse el, hogy együtt akar-e működni a rendőrséggel és az ügyészséggel. Ezt az időt a tanácsadó központ vagy a rendőrség kérheti Ön helyett.

Az idő korábban véget ér, ha úgy dönt, hogy együttműködik a hatóságokkal, és minden kapcsolatot megszakított a gyanúsítottakkal. Akkor is véget érhet, ha kijelenti, hogy nem akar együttműködni, ha önként újra kapcsolatba lép a gyanúsítottakkal, ha kiderül, hogy nem áldozat, vagy ha súlyosan veszélyezteti a közbiztonságot.

Ha a rendőrségnek vagy a bíróságnak szüksége van a jelenlétére, az eljárás idejére rövid távú tartózkodási engedélyt (L engedély) kap. Lehet, hogy dolgozhat is.

Ezután súlyos személyes méltánylást érdemlő esetben kérheti, hogy tovább maradhasson. Ha haza akar térni, segítséget kaphat a biztonságos hazatéréshez. Ezek a jogok akkor is érvényesek, ha menedékjogot kért.

{CONTACT}""",
    ),
    "minors": (
        "Tájékoztató gyerekeknek és fiataloknak",
        f"""Még nem vagy 18 éves, vagy talán nem vagy az. Amíg nem tudjuk a korodat, gyerekként bánunk veled.

Ami veled történt, nem a te hibád. Azok, akik kihasználtak, rosszat tettek.

Segítséget és védelmet kapsz. A segítség ingyenes. A gyermekvédelmi hatóság melléd rendel egy személyt, aki gondoskodik rólad és kiáll érted.

Beszélhetsz a tanácsadó központtal. Amit ott elmondasz, titokban marad. Csak akkor értesítheti a központ a gyermekvédelmi hatóságot, ha súlyos veszélyben vagy, hogy megvédjen.

Ha a rendőrséggel beszélsz, elkísérhet egy ember, akiben megbízol. Nem kell találkoznod azzal, aki bántott. Általában legfeljebb két kihallgatás van. Ezeket felveszik, és egy speciálisan képzett személy teszi fel a kérdéseket.

Mindennek, amit eldöntenek, a te javadat kell szolgálnia. Bármikor kérdezhetsz, és lehet tolmácsod.

{CONTACT}""",
    ),
}
