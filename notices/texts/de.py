# ruff: noqa: E501 - prose in its own script and punctuation
CONTACT = """Ihre Beratungsstelle:
{victim_aid_name}
{victim_aid_address}
Telefon: {victim_aid_phone}
E-Mail: {victim_aid_email}
Tag und Nacht: {hotline}

Im Notfall: Polizei 117, Sanität 144."""

TEXTS = {
    "assistance": (
        "Hilfe für Opfer von Menschenhandel",
        f"""Vielleicht hat jemand Sie ausgebeutet: in der Prostitution, bei der Arbeit ohne gerechten Lohn, beim Betteln oder bei Straftaten, oder um Ihnen ein Organ zu entnehmen. Das ist Menschenhandel. Menschenhandel ist in der Schweiz eine Straftat.

Sie haben ein Recht auf Hilfe. Die Opferberatungsstellen unterstützen Sie. Ihre Hilfe ist kostenlos. Sie müssen dafür nicht zur Polizei gehen.

Die Beratungsstelle hilft Ihnen sofort: mit einer sicheren Unterkunft, medizinischer Versorgung, psychologischer Unterstützung, Geld für den Alltag und rechtlicher Beratung. Sie hilft Ihnen auch später, zum Beispiel mit einer Therapie oder einer Anwältin oder einem Anwalt.

Alles, was Sie der Beratungsstelle erzählen, bleibt vertraulich. Die Mitarbeitenden geben nichts an die Polizei, das Migrationsamt oder andere weiter, wenn Sie nicht einverstanden sind. Nur wenn ein Kind ernsthaft in Gefahr ist, dürfen sie die Kindesschutzbehörde informieren.

Sie wählen Ihre Beratungsstelle selbst. Sie können eine Dolmetscherin oder einen Dolmetscher verlangen. Sie können jederzeit Hilfe holen, auch lange nach der Tat. Wurden Sie nur im Ausland ausgebeutet, sagt Ihnen die Beratungsstelle, welche Hilfe Sie erhalten können.

{CONTACT}""",
    ),
    "victims_rights": (
        "Ihre Rechte im Strafverfahren",
        f"""Wenn Polizei und Staatsanwaltschaft ermitteln, haben Sie als Opfer besondere Rechte.

Ihre Identität wird geschützt. Die Behörden veröffentlichen Ihren Namen nicht.

Sie dürfen zu jeder Befragung eine Vertrauensperson mitnehmen. Sie können verlangen, der beschuldigten Person nicht zu begegnen. Eine Gegenüberstellung gibt es nur, wenn es nicht anders geht.

Sie dürfen Fragen zu Ihrem Intimbereich nicht beantworten. Eine Dolmetscherin oder ein Dolmetscher übersetzt für Sie, kostenlos.

Sie haben ein Recht auf Information über das Verfahren. Sie erhalten das Urteil oder den Strafbefehl kostenlos, ausser Sie verzichten darauf.

Sie können sich am Verfahren beteiligen und Schadenersatz verlangen. Eine Anwältin oder ein Anwalt kann Sie vertreten; fehlt Ihnen das Geld, können Sie unentgeltliche Rechtspflege beantragen. Die Beratungsstelle hilft Ihnen, innert fünf Jahren Entschädigung und Genugtuung vom Kanton zu verlangen.

Wenn Sie Opfer einer Straftat gegen die sexuelle Integrität sind: Auf Wunsch befragt Sie eine Person Ihres Geschlechts, und auch die dolmetschende Person kann Ihres Geschlechts sein. Auf Ihren Wunsch gehört dem Gericht mindestens eine Person Ihres Geschlechts an.

Wenn Sie unter 18 Jahre alt sind: Die erste Befragung findet bald statt. In der Regel gibt es höchstens zwei Befragungen. Sie werden gefilmt, damit Sie nicht alles wiederholen müssen, und eine speziell ausgebildete Person führt sie. Sie müssen der beschuldigten Person nicht begegnen.

{CONTACT}""",
    ),
    "reflection_period": (
        "Zeit, um sich zu erholen und nachzudenken",
        f"""Wenn Sie kein Aufenthaltsrecht in der Schweiz haben und es Hinweise gibt, dass Sie Opfer von Menschenhandel sind, gibt Ihnen das kantonale Migrationsamt eine Erholungs- und Bedenkzeit. Sie dauert mindestens 30 Tage.

In dieser Zeit werden Sie nicht aus der Schweiz weggewiesen.

Nutzen Sie die Zeit, um sich auszuruhen und Hilfe zu holen. Entscheiden Sie danach frei, ob Sie mit der Polizei und der Staatsanwaltschaft zusammenarbeiten wollen. Die Beratungsstelle oder die Polizei kann diese Zeit für Sie beantragen.

Die Zeit endet früher, wenn Sie sich entscheiden, mit den Behörden zusammenzuarbeiten, und jeden Kontakt zu den Tatverdächtigen abgebrochen haben. Sie kann auch enden, wenn Sie sagen, dass Sie nicht zusammenarbeiten wollen, wenn Sie freiwillig wieder Kontakt zu den Tatverdächtigen aufnehmen, wenn sich zeigt, dass Sie kein Opfer sind, oder wenn Sie die öffentliche Sicherheit schwer gefährden.

Brauchen Polizei oder Gericht Ihre Anwesenheit, erhalten Sie eine Kurzaufenthaltsbewilligung (L) für die Dauer des Verfahrens. Sie dürfen unter Umständen arbeiten.

Danach können Sie bei einem schwerwiegenden persönlichen Härtefall einen weiteren Aufenthalt beantragen. Wenn Sie zurückkehren wollen, erhalten Sie Hilfe für eine sichere Rückkehr. Diese Rechte gelten auch, wenn Sie ein Asylgesuch gestellt haben.

{CONTACT}""",
    ),
    "minors": (
        "Information für Kinder und Jugendliche",
        f"""Du bist unter 18 Jahre alt, oder vielleicht bist du es. Bis wir dein Alter kennen, behandeln wir dich wie ein Kind.

Was dir passiert ist, ist nicht deine Schuld. Die Menschen, die dich ausgenutzt haben, haben Unrecht getan.

Du bekommst Hilfe und Schutz. Die Hilfe ist kostenlos. Die Kindesschutzbehörde (KESB) gibt dir eine Person, die sich um dich kümmert und für dich spricht.

Du kannst mit der Beratungsstelle reden. Was du dort erzählst, bleibt geheim. Nur wenn du in ernster Gefahr bist, darf die Beratungsstelle die Kindesschutzbehörde informieren, um dich zu schützen.

Wenn du mit der Polizei sprichst, kann eine Person mitkommen, der du vertraust. Du musst der Person, die dir geschadet hat, nicht begegnen. In der Regel gibt es höchstens zwei Befragungen. Sie werden gefilmt, und eine speziell ausgebildete Person stellt die Fragen.

Alles, was entschieden wird, muss gut für dich sein. Du darfst jederzeit Fragen stellen, und du kannst eine Dolmetscherin oder einen Dolmetscher haben.

{CONTACT}""",
    ),
}
