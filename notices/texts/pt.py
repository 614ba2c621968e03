# ruff: noqa: E501 - prose in its own script and punctuation
CONTACT = """O seu centro de aconselhamento:
{victim_aid_name}
{victim_aid_address}
Telefone: {victim_aid_phone}
E-mail: {victim_aid_email}
Dia e noite: {hotline}

Em caso de emergência: polícia 117, ambulância 144."""

TEXTS = {
    "assistance": (
        "Ajuda para vítimas de tráfico de seres humanos",
        f"""Talvez alguém o tenha explorado: na prostituição, num trabalho sem salário justo, para mendigar ou cometer crimes, ou para lhe retirar um órgão. Isto é tráfico de seres humanos. Na Suíça é crime.

Tem direito a ajuda. Os centros de aconselhamento às vítimas apoiam-no. A ajuda deles é gratuita. Não precisa de ir à polícia para a receber.

O centro de aconselhamento ajuda-o imediatamente: um lugar seguro para ficar, cuidados médicos, apoio psicológico, dinheiro para o dia a dia e aconselhamento jurídico. Também o ajuda mais tarde, por exemplo com terapia ou um advogado.

Tudo o que contar ao centro de aconselhamento é confidencial. O pessoal não transmite nada à polícia, ao serviço de migração nem a mais ninguém sem o seu consentimento. Só se uma criança estiver em perigo grave pode informar a autoridade de proteção de menores.

É você quem escolhe o seu centro de aconselhamento. Pode pedir um intérprete. Pode pedir ajuda a qualquer momento, mesmo muito tempo depois do que aconteceu. Se foi explorado apenas no estrangeiro, o centro diz-lhe que ajuda pode receber.

{CONTACT}""",
    ),
    "victims_rights": (
        "Os seus direitos no processo penal",
        f"""Se a polícia e o Ministério Público investigarem, tem direitos especiais como vítima.

A sua identidade é protegida. As autoridades não publicam o seu nome.

Pode levar uma pessoa de confiança a cada interrogatório. Pode pedir para não se encontrar com o arguido. Só há uma acareação se não houver outra forma.

Pode recusar-se a responder a perguntas sobre a sua vida íntima. Um intérprete traduz para si, gratuitamente.

Tem direito a ser informado sobre o processo. Recebe gratuitamente a sentença ou o despacho penal, a não ser que prescinda dele.

Pode participar no processo e pedir indemnização pelos danos. Um advogado pode representá-lo; se não tiver meios, pode pedir apoio judiciário gratuito. O centro de aconselhamento ajuda-o a pedir ao cantão uma indemnização e uma reparação por danos morais, no prazo de cinco anos.

Se for vítima de um crime contra a integridade sexual: se quiser, é interrogado por uma pessoa do mesmo sexo, e o intérprete também pode ser do seu sexo. A seu pedido, o tribunal inclui pelo menos uma pessoa do seu sexo.

Se tiver menos de 18 anos: o primeiro interrogatório é feito em breve. Em regra não há mais de dois interrogatórios. São filmados para que não tenha de repetir tudo, e são conduzidos por uma pessoa com formação especial. Não tem de se encontrar com o arguido.

{CONTACT}""",
    ),
    "reflection_period": (
        "Tempo para recuperar e refletir",
        f"""Se não tem direito de residência na Suíça e há indícios de que é vítima de tráfico de seres humanos, o serviço cantonal de migração concede-lhe um período de recuperação e reflexão. Dura pelo menos 30 dias.

Durante este período não será afastado da Suíça.

Use este tempo para descansar e receber ajuda. Depois decida livremente se quer colaborar com a polícia e o Ministério Público. O centro de aconselhamento ou a polícia podem pedir este período por si.

O período termina mais cedo se decidir colaborar com as autoridades e tiver cortado todo o contacto com os suspeitos. Também pode terminar se disser que não quer colaborar, se voltar a contactar voluntariamente os suspeitos, se se verificar que não é vítima ou se ameaçar gravemente a segurança pública.

Se a polícia ou o tribunal precisarem da sua presença, recebe uma autorização de residência de curta duração (autorização L) enquanto durar o processo. Poderá ser autorizado a trabalhar.

Depois, pode pedir para ficar mais tempo num caso pessoal de extrema gravidade. Se quiser regressar ao seu país, pode receber ajuda para um regresso seguro. Estes direitos também se aplicam se tiver pedido asilo.

{CONTACT}""",
    ),
    "minors": (
        "Informação para crianças e jovens",
        f"""Tens menos de 18 anos, ou talvez tenhas. Enquanto não soubermos a tua idade, tratamos-te como uma criança.

O que te aconteceu não é culpa tua. As pessoas que te exploraram agiram mal.

Recebes ajuda e proteção. A ajuda é gratuita. A autoridade de proteção de menores dá-te uma pessoa que cuida de ti e fala por ti.

Podes falar com o centro de aconselhamento. O que contares lá fica em segredo. Só se estiveres em perigo grave o centro pode informar a autoridade de proteção de menores, para te proteger.

Se falares com a polícia, pode ir contigo uma pessoa em quem confias. Não tens de te encontrar com a pessoa que te fez mal. Em regra não há mais de dois interrogatórios. São filmados, e as perguntas são feitas por uma pessoa com formação especial.

Tudo o que for decidido tem de ser bom para ti. Podes fazer perguntas a qualquer momento e podes ter um intérprete.

{CONTACT}""",
    ),
}
