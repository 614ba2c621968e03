# ruff: noqa: E501 - prose in its own script and punctuation
CONTACT = """Su centro de asesoramiento:
{victim_aid_name}
{victim_aid_address}
Teléfono: {victim_aid_phone}
Correo electrónico: {victim_aid_email}
Día y noche: {hotline}

En caso de emergencia: policía 117, ambulancia 144."""

TEXTS = {
    "assistance": (
        "Ayuda para las víctimas de la trata de personas",
        f"""Quizá alguien le ha explotado: en la prostitución, en un trabajo sin un salario justo, para mendigar o cometer delitos, o para quitarle un órgano. Esto es trata de personas. En Suiza es un delito.

Usted tiene derecho a recibir ayuda. Los centros de asesoramiento a las víctimas le apoyan. Su ayuda es gratuita. No necesita ir a la policía para recibirla.

El centro de asesoramiento le ayuda enseguida: un lugar seguro donde vivir, atención médica, apoyo psicológico, dinero para el día a día y asesoramiento jurídico. También le ayuda más adelante, por ejemplo con una terapia o un abogado.

Todo lo que cuente al centro de asesoramiento es confidencial. El personal no transmite nada a la policía, a la oficina de migración ni a nadie más sin su consentimiento. Solo si un niño está en grave peligro puede informar a la autoridad de protección de menores.

Usted elige su centro de asesoramiento. Puede pedir un intérprete. Puede pedir ayuda en cualquier momento, incluso mucho tiempo después de los hechos. Si solo le explotaron en el extranjero, el centro le dirá qué ayuda puede recibir.

{CONTACT}""",
    ),
    "victims_rights": (
        "Sus derechos en el proceso penal",
        f"""Si la policía y la fiscalía investigan, usted tiene derechos especiales como víctima.

Su identidad está protegida. Las autoridades no publican su nombre.

Puede acudir a cada interrogatorio con una persona de confianza. Puede pedir no encontrarse con la persona acusada. Solo habrá un careo si no hay otra manera.

Puede negarse a responder preguntas sobre su vida íntima. Un intérprete traduce para usted, de forma gratuita.

Tiene derecho a ser informado sobre el proceso. Recibe gratis la sentencia o el decreto penal, salvo que renuncie a ello.

Puede participar en el proceso y reclamar una indemnización por daños. Un abogado puede representarle; si no tiene medios, puede pedir asistencia jurídica gratuita. El centro de asesoramiento le ayuda a pedir al cantón una indemnización y una reparación moral, en un plazo de cinco años.

Si es víctima de un delito contra la integridad sexual: si lo desea, le interroga una persona de su mismo sexo, y el intérprete también puede ser de su sexo. Si lo pide, el tribunal incluye al menos a una persona de su sexo.

Si tiene menos de 18 años: el primer interrogatorio se hace pronto. Por regla general no hay más de dos interrogatorios. Se graban en vídeo para que no tenga que repetirlo todo, y los dirige una persona con formación especial. No tiene que encontrarse con la persona acusada.

{CONTACT}""",
    ),
    "reflection_period": (
        "Tiempo para recuperarse y reflexionar",
        f"""Si no tiene derecho a vivir en Suiza y hay indicios de que es víctima de la trata de personas, la oficina cantonal de migración le concede un período de recuperación y reflexión. Dura al menos 30 días.

Durante este tiempo no le expulsarán de Suiza.

Aproveche este tiempo para descansar y recibir ayuda. Después decida libremente si quiere colaborar con la policía y la fiscalía. El centro de asesoramiento o la policía pueden pedir este período para usted.

El período termina antes si decide colaborar con las autoridades y ha cortado todo contacto con los sospechosos. También puede terminar si dice que no quiere colaborar, si vuelve a contactar voluntariamente con los sospechosos, si resulta que no es víctima o si pone gravemente en peligro la seguridad pública.

Si la policía o el tribunal necesitan su presencia, recibe una autorización de residencia de corta duración (permiso L) mientras dure el proceso. Es posible que pueda trabajar.

Después puede pedir quedarse más tiempo en un caso personal de especial gravedad. Si quiere volver a su país, puede recibir ayuda para un regreso seguro. Estos derechos también valen si ha pedido asilo.

{CONTACT}""",
    ),
    "minors": (
        "Información para niños, niñas y jóvenes",
        f"""Tienes menos de 18 años, o quizá sea así. Mientras no sepamos tu edad, te tratamos como a un niño o una niña.

Lo que te pasó no es culpa tuya. Las personas que te explotaron actuaron mal.

Recibes ayuda y protección. La ayuda es gratuita. La autoridad de protección de menores te da una persona que te cuida y habla por ti.

Puedes hablar con el centro de asesoramiento. Lo que cuentes allí es secreto. Solo si estás en grave peligro, el centro puede informar a la autoridad de protección de menores para protegerte.

Si hablas con la policía, puede acompañarte una persona de tu confianza. No tienes que encontrarte con la persona que te hizo daño. Por regla general no hay más de dos interrogatorios. Se graban en vídeo, y las preguntas las hace una persona con formación especial.

Todo lo que se decida debe ser bueno para ti. Puedes hacer preguntas en cualquier momento y puedes tener un intérprete.

{CONTACT}""",
    ),
}
