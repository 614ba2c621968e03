# ruff: noqa: E501 - prose in its own script and punctuation
CONTACT = """Votre centre de consultation :
{victim_aid_name}
{victim_aid_address}
Téléphone : {victim_aid_phone}
E-mail : {victim_aid_email}
Jour et nuit : {hotline}

En cas d'urgence : police 117, ambulance 144."""

TEXTS = {
    "assistance": (
        "Aide aux victimes de la traite des êtres humains",
        f"""Quelqu'un vous a peut-être exploitée ou exploité : dans la prostitution, au travail sans salaire équitable, pour mendier ou commettre des délits, ou pour vous prélever un organe. C'est de la traite des êtres humains. En Suisse, c'est une infraction pénale.

Vous avez droit à de l'aide. Les centres de consultation LAVI vous soutiennent. Leur aide est gratuite. Vous n'avez pas besoin d'aller à la police pour l'obtenir.

Le centre de consultation vous aide tout de suite : un hébergement sûr, des soins médicaux, un soutien psychologique, de l'argent pour la vie quotidienne et des conseils juridiques. Il vous aide aussi plus tard, par exemple avec une thérapie ou un avocat.

Tout ce que vous dites au centre de consultation reste confidentiel. Le personnel ne transmet rien à la police, à l'office des migrations ni à personne d'autre sans votre accord. C'est seulement si un enfant est en grand danger qu'il peut informer l'autorité de protection de l'enfant.

Vous choisissez vous-même votre centre de consultation. Vous pouvez demander un interprète. Vous pouvez demander de l'aide à tout moment, même longtemps après les faits. Si vous avez été exploitée ou exploité uniquement à l'étranger, le centre vous dira quelle aide vous pouvez recevoir.

{CONTACT}""",
    ),
    "victims_rights": (
        "Vos droits dans la procédure pénale",
        f"""Si la police et le ministère public mènent une enquête, vous avez des droits particuliers en tant que victime.

Votre identité est protégée. Les autorités ne publient pas votre nom.

Vous pouvez venir à chaque audition avec une personne de confiance. Vous pouvez demander à ne pas rencontrer la personne prévenue. Une confrontation n'a lieu que s'il n'y a pas d'autre moyen.

Vous pouvez refuser de répondre aux questions sur votre vie intime. Un interprète traduit pour vous, gratuitement.

Vous avez le droit d'être informée ou informé sur la procédure. Vous recevez gratuitement le jugement ou l'ordonnance pénale, sauf si vous y renoncez.

Vous pouvez participer à la procédure et demander des dommages-intérêts. Un avocat peut vous représenter ; si vous n'avez pas les moyens, vous pouvez demander l'assistance judiciaire gratuite. Le centre de consultation vous aide à demander au canton une indemnisation et une réparation morale, dans un délai de cinq ans.

Si vous êtes victime d'une infraction contre l'intégrité sexuelle : si vous le souhaitez, une personne de votre sexe vous interroge, et l'interprète peut aussi être de votre sexe. Sur votre demande, le tribunal compte au moins une personne de votre sexe.

Si vous avez moins de 18 ans : la première audition a lieu rapidement. En règle générale, il n'y a pas plus de deux auditions. Elles sont filmées pour que vous n'ayez pas à tout répéter, et une personne spécialement formée les mène. Vous n'êtes pas obligé de rencontrer la personne prévenue.

{CONTACT}""",
    ),
    "reflection_period": (
        "Du temps pour vous rétablir et réfléchir",
        f"""Si vous n'avez pas le droit de séjourner en Suisse et qu'il y a des indices que vous êtes victime de la traite des êtres humains, l'office cantonal des migrations vous accorde un délai de rétablissement et de réflexion. Il dure au moins 30 jours.

Pendant ce délai, vous ne serez pas renvoyée ou renvoyé de Suisse.

Profitez de ce temps pour vous reposer et recevoir de l'aide. Décidez ensuite librement si vous voulez coopérer avec la police et le ministère public. Le centre de consultation ou la police peut demander ce délai pour vous.

Le délai prend fin plus tôt si vous décidez de coopérer avec les autorités et avez rompu tout contact avec les suspects. Il peut aussi prendre fin si vous dites que vous ne voulez pas coopérer, si vous reprenez volontairement contact avec les suspects, s'il s'avère que vous n'êtes pas victime, ou si vous menacez gravement la sécurité publique.

Si la police ou le tribunal a besoin de votre présence, vous recevez une autorisation de séjour de courte durée (permis L) pour la durée de la procédure. Vous pouvez éventuellement travailler.

Ensuite, vous pouvez demander à rester plus longtemps en cas d'extrême gravité personnelle. Si vous voulez rentrer chez vous, vous pouvez recevoir une aide pour un retour sûr. Ces droits valent aussi si vous avez demandé l'asile.

{CONTACT}""",
    ),
    "minors": (
        "Information pour les enfants et les jeunes",
        f"""Tu as moins de 18 ans, ou c'est peut-être le cas. Tant que nous ne connaissons pas ton âge, nous te traitons comme un enfant.

Ce qui t'est arrivé n'est pas de ta faute. Les personnes qui t'ont exploité ont mal agi.

Tu reçois de l'aide et de la protection. L'aide est gratuite. L'autorité de protection de l'enfant (APEA) te donne une personne qui s'occupe de toi et parle pour toi.

Tu peux parler avec le centre de consultation. Ce que tu y racontes reste secret. C'est seulement si tu es en grand danger que le centre peut informer l'autorité de protection de l'enfant, pour te protéger.

Si tu parles avec la police, une personne en qui tu as confiance peut venir avec toi. Tu n'es pas obligé de rencontrer la personne qui t'a fait du mal. En règle générale, il n'y a pas plus de deux auditions. Elles sont filmées, et une personne spécialement formée pose les questions.

Tout ce qui est décidé doit être bon pour toi. Tu peux poser des questions à tout moment, et tu peux avoir un interprète.

{CONTACT}""",
    ),
}
