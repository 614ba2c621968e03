"""Who may use each route. A route missing here fails the suite (tests/test_access_inventory.py).

PUBLIC          anyone, signed in or not (landing pages, health, sign-in steps before a session)
PASSWORD_STEP   a session that passed the password but not yet the second factor
MEMBER          a verified member of the canton of the host
CANTON_ADMIN    a verified member with the canton administrator role
COORDINATOR     a verified member with the right to manage the partner directory
API_MEMBER      a verified member or an OAuth2 client of this canton
TOKEN           anyone holding the one-time token in the URL
"""

# The kinds of step on a case (cases/steps/kinds.py), each with a list and a detail endpoint.
STEP_KEYS = (
    "operations",
    "accommodation",
    "interviews",
    "safety",
    "proceedings",
    "return",
    "kesb",
    "best-interests",
    "closure",
)

PUBLIC = "public"
PASSWORD_STEP = "password step"
MEMBER = "member"
CANTON_ADMIN = "canton admin"
API_MEMBER = "api member"
COORDINATOR = "coordinator"
TOKEN = "token"

ACCOUNT_ROUTES = {
    "accounts:login": PUBLIC,
    "accounts:verify": PASSWORD_STEP,
    "accounts:enrol": PASSWORD_STEP,
    "accounts:backup_codes": MEMBER,
    "accounts:logout": PUBLIC,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": TOKEN,
    "accounts:password_reset_complete": PUBLIC,
}

CANTON_ROUTES = {
    "home": PUBLIC,
    "health": PUBLIC,
    "set_language": PUBLIC,
    **ACCOUNT_ROUTES,
    "partners:directory": MEMBER,
    "partners:directory_pdf": MEMBER,
    "partners:organisation": MEMBER,
    "partners:federal_partner": MEMBER,
    "partners:contact_vcard": MEMBER,
    "partners:organisation_create": COORDINATOR,
    "partners:organisation_edit": COORDINATOR,
    "partners:contact_create": COORDINATOR,
    "partners:contact_edit": COORDINATOR,
    "memberships:people": CANTON_ADMIN,
    "memberships:invite": CANTON_ADMIN,
    "memberships:edit": CANTON_ADMIN,
    "memberships:set_active": CANTON_ADMIN,
    "memberships:accept_invitation": TOKEN,
    "audit:log": CANTON_ADMIN,
    "roundtables:agreements": MEMBER,
    "roundtables:agreement": MEMBER,
    "roundtables:agreement_pdf": MEMBER,
    "roundtables:agreement_create": COORDINATOR,
    "roundtables:agreement_edit": COORDINATOR,
    "roundtables:agreement_matrix": COORDINATOR,
    "roundtables:agreement_adopt": COORDINATOR,
    "roundtables:agreement_new_version": COORDINATOR,
    "roundtables:agreement_part_create": COORDINATOR,
    "roundtables:agreement_part": COORDINATOR,
    "cases:list": MEMBER,
    "cases:intake": MEMBER,
    "cases:referrals": MEMBER,
    "cases:referral": MEMBER,
    "cases:detail": MEMBER,
    "cases:identity": MEMBER,
    "cases:counselling": MEMBER,
    "cases:investigation": MEMBER,
    "cases:consents": MEMBER,
    "cases:consent_revoke": MEMBER,
    "cases:grants": MEMBER,
    "cases:summary_pdf": MEMBER,
    "cases:referral_create": MEMBER,
    "identification:catalogue": MEMBER,
    "identification:indicator_create": COORDINATOR,
    "identification:indicator_edit": COORDINATOR,
    "identification:case": MEMBER,
    "identification:checklist": MEMBER,
    "identification:assess": MEMBER,
    "casesteps:steps": MEMBER,
    "casesteps:step_create": MEMBER,
    "casesteps:step_edit": MEMBER,
    "api:me": API_MEMBER,
    "api:organisation-list": API_MEMBER,
    "api:organisation-detail": API_MEMBER,
    "api:contact-list": API_MEMBER,
    "api:contact-detail": API_MEMBER,
    "api:federal-partner-list": API_MEMBER,
    "api:federal-partner-detail": API_MEMBER,
    "api:agreement-list": API_MEMBER,
    "api:agreement-detail": API_MEMBER,
    "api:agreement-adopt": API_MEMBER,
    "api:agreement-new-version": API_MEMBER,
    "api:case-list": API_MEMBER,
    "api:case-detail": API_MEMBER,
    "api:case-identity": API_MEMBER,
    "api:case-counselling-notes": API_MEMBER,
    "api:case-evidence-notes": API_MEMBER,
    "api:case-consents": API_MEMBER,
    "api:case-revoke-consent": API_MEMBER,
    "api:case-timeline": API_MEMBER,
    "api:referral-list": API_MEMBER,
    "api:referral-detail": API_MEMBER,
    "api:referral-accept": API_MEMBER,
    "api:referral-decline": API_MEMBER,
    "api:referral-done": API_MEMBER,
    "api:referral-revoke": API_MEMBER,
    "api:indicator-list": API_MEMBER,
    "api:indicator-detail": API_MEMBER,
    "api:case-checklist": API_MEMBER,
    "api:case-assessments": API_MEMBER,
    **{f"api:case-{key}-{suffix}": API_MEMBER for key in STEP_KEYS for suffix in ("list", "detail")},
    "api:schema": API_MEMBER,
    "api:docs": API_MEMBER,
    # OAuth2 endpoints authenticate the client by the credentials in the request body.
    "api:token": PUBLIC,
    "api:revoke-token": PUBLIC,
    # Any other path under /api/ answers 404 as problem+json.
    "api:^.*$": PUBLIC,
}

FEDERAL_ROUTES = {
    "home": PUBLIC,
    "health": PUBLIC,
    "set_language": PUBLIC,
    **ACCOUNT_ROUTES,
}

INVENTORY = {"ksmm.urls_canton": CANTON_ROUTES, "ksmm.urls_federal": FEDERAL_ROUTES}
