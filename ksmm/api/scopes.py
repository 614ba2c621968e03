from typing import Any

from oauth2_provider.scopes import SettingsScopes

from .models import ApiClient


class ApiClientScopes(SettingsScopes):
    """A client may ask only for the scopes of its ApiClient row; without a row, none."""

    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        if application is None:
            return list(super().get_available_scopes(application, request, *args, **kwargs))
        client = ApiClient.objects.filter(application_id=application.pk).first()
        return list(client.scopes) if client is not None else []

    def get_default_scopes(self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any) -> list[str]:
        return self.get_available_scopes(application, request, *args, **kwargs)
