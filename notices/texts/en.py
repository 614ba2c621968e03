# ruff: noqa: E501 - prose in its own script and punctuation
CONTACT = """Your counselling centre:
{victim_aid_name}
{victim_aid_address}
Phone: {victim_aid_phone}
E-mail: {victim_aid_email}
Day and night: {hotline}

In an emergency: police 117, ambulance 144."""

TEXTS = {
    "assistance": (
        "Help for victims of human trafficking",
        f"""Someone may have exploited you: for sex work, for work without fair pay, for begging or crimes, or to take an organ. This is human trafficking. It is a crime in Switzerland.

You have the right to help. Victim-aid counselling centres support you. Their help is free of charge. You do not have to go to the police to get it.

The counselling centre helps you at once: a safe place to stay, medical care, psychological support, money for daily needs and legal advice. It also helps you later, for example with therapy or a lawyer.

Everything you tell the counselling centre stays confidential. The staff pass on nothing to the police, the migration office or anyone else without your consent. Only when a child is in serious danger may they inform the child protection authority.

You choose your counselling centre. You may ask for an interpreter. You may ask for help at any time, even long after what happened. If you were exploited only abroad, the centre will tell you which help you can receive.

{CONTACT}""",
    ),
    "victims_rights": (
        "Your rights in criminal proceedings",
        f"""If the police and the public prosecutor investigate, you have special rights as a victim.

Your identity is protected. The authorities do not publish your name.

You may bring a person of trust to every interview. You may ask not to meet the accused person. A meeting takes place only if there is no other way.

You may refuse to answer questions about your intimate life. An interpreter translates for you free of charge.

You have the right to information about the proceedings. You receive the judgment or the penalty order free of charge, unless you say you do not want it.

You may take part in the proceedings and claim damages. A lawyer can represent you; if you lack the money, you can ask for free legal aid. The counselling centre can help you claim compensation and satisfaction from the canton, within five years.

If you are a victim of a sexual offence: a person of your own sex questions you if you wish, and the interpreter can be of your own sex. If you ask, the court includes at least one person of your sex.

If you are under 18: the first interview takes place soon. There are normally no more than two interviews. They are filmed so that you do not have to repeat everything, and a specially trained person leads them. You do not have to meet the accused person.

{CONTACT}""",
    ),
    "reflection_period": (
        "Time to recover and to think",
        f"""If you have no right to stay in Switzerland and there are signs that you are a victim of human trafficking, the cantonal migration office gives you time to recover and to think. This time lasts at least 30 days.

During this time you will not be sent out of Switzerland.

Use this time to rest and to get help. Then decide freely whether you want to work with the police and the public prosecutor. The counselling centre or the police can ask for this time for you.

The time ends early if you decide to work with the authorities and have cut all contact with the suspects. It can also end if you say you will not work with the authorities, if you go back to the suspects of your own free will, if it turns out you are not a victim, or if you are a serious danger to public safety.

If the police or the court need you to stay, you receive a short-term residence permit (L) for as long as the proceedings last. You may be allowed to work.

Afterwards, you can ask to stay longer in a case of serious personal hardship. If you want to go home, you can receive help for a safe return. These rights also apply if you have asked for asylum.

{CONTACT}""",
    ),
    "minors": (
        "Information for children and young people",
        f"""You are under 18, or you may be. Until we know your age, we treat you as a child.

What happened to you is not your fault. The people who used you did wrong.

You will get help and protection. The help is free. The child protection authority (KESB) gives you a person who looks after you and speaks up for you.

You can talk to the counselling centre. What you tell them stays secret. Only if you are in serious danger may they tell the child protection authority, to protect you.

If you talk to the police, a person you trust can come with you. You do not have to meet the person who hurt you. There are normally no more than two interviews. They are filmed, and a specially trained person asks the questions.

Everything that is decided must be good for you. You may ask questions at any time, and you can have an interpreter.

{CONTACT}""",
    ),
}
