"""The consent screen of the authorisation-code flow: a person lets a system act for them.

Only a member of this canton past the second factor reaches it (anyone else is sent to sign in
and comes back), only for an authorisation-code client bound to the person's own organisation,
and only with PKCE (S256, by the settings). The person sees who asks, for what, and that the
system can never do more than they may themselves; approving and declining are both recorded.
"""

from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from oauth2_provider.views import AuthorizationView

from ksmm.accounts.second_factor import passed_second_factor
from ksmm.audit.actions import do_record, do_record_denied
from ksmm.audit.models import AuditAction
from ksmm.memberships.access import membership_of
from ksmm.memberships.models import Membership

from .models import ApiClient
from .scopes import WRITE_SCOPES, is_delegating

REFUSALS = {
    "unknown": _("This system is not registered to act on behalf of people in this canton."),
    "pkce": _("The system must send a PKCE code challenge with the method S256."),
    "organisation": _(
        "This system is bound to another organisation. Only people of that organisation can let it act for them."
    ),
}


class ConsentView(AuthorizationView):
    template_name = "api/consent.html"
    client: ApiClient

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not passed_second_factor(request.user):
            return redirect_to_login(request.get_full_path())
        membership = membership_of(request)
        if membership is None:
            do_record_denied(actor=request.user, request=request)
            raise Http404
        request.membership = membership  # type: ignore[attr-defined]  # read by the base template
        fields = request.POST if request.method == "POST" else request.GET
        client = _delegating_client(str(fields.get("client_id") or ""))
        refusal = "unknown" if client is None else ""
        if client is not None and client.organisation_id != membership.organisation_id:
            refusal = "organisation"
        elif fields.get("code_challenge_method") != "S256" or not fields.get("code_challenge"):
            # oauthlib would show the screen and refuse only at the token endpoint.
            refusal = refusal or "pkce"
        if client is None or refusal:
            do_record_denied(actor=request.user, request=request, obj=client)
            context = {"refusal": REFUSALS[refusal], "client": client}
            status = 403 if refusal == "organisation" else 400
            return render(request, "api/consent_refused.html", context, status=status)
        self.client = client
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        membership: Membership = self.request.membership
        scopes = context.get("scopes") or []
        descriptions = context.get("scopes_descriptions") or []
        context.update(
            client=self.client,
            membership=membership,
            requested=[
                {"name": name, "description": description, "writes": name in WRITE_SCOPES}
                for name, description in zip(scopes, descriptions, strict=False)
            ],
        )
        return context

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        """The consent form's answer redirects to the client: the page's CSP `form-action` must
        allow that origin, which oauthlib has just checked against the registered URIs."""
        response: HttpResponse = super().render_to_response(context, **kwargs)
        redirect_uri = context.get("redirect_uri")
        if redirect_uri and not context.get("error"):
            parts = urlsplit(str(redirect_uri))
            response._csp_update = {"form-action": [f"{parts.scheme}://{parts.netloc}"]}  # type: ignore[attr-defined]
        return response

    def form_valid(self, form: Any) -> HttpResponse:
        response: HttpResponse = super().form_valid(form)
        allowed = bool(form.cleaned_data.get("allow"))
        if response.status_code in (301, 302) and "code=" in response.get("Location", "") and allowed:
            do_record(
                actor=self.request.user,
                action=AuditAction.GRANT,
                obj=self.client,
                purpose=f"delegated access: {form.cleaned_data.get('scope', '')}"[:200],
                recipient_organisation_id=self.client.organisation_id,
                request=self.request,
            )
        elif not allowed:
            do_record(
                actor=self.request.user,
                action=AuditAction.ACCESS_DENIED,
                obj=self.client,
                purpose="delegated access declined",
                recipient_organisation_id=self.client.organisation_id,
                request=self.request,
            )
        return response


def _delegating_client(client_id: str) -> ApiClient | None:
    if not client_id:
        return None
    client = (
        ApiClient.objects.select_related("application", "organisation")
        .filter(application__client_id=client_id[:100], organisation__is_active=True)
        .first()
    )
    return client if client is not None and is_delegating(client.application) else None
