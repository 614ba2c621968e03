"""What OPTIONS answers: the endpoint's name, media types and the fields a write takes.

DRF's SimpleMetadata loads the object before describing a PUT; on an endpoint whose URL names
no object of its own (a case's checklist) that was a 500, and elsewhere it would run the gate
(and its audit trail) for a mere description. Here only the caller's permissions count.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.metadata import SimpleMetadata
from rest_framework.request import Request, clone_request


class ApiMetadata(SimpleMetadata):
    def determine_actions(self, request: Request, view: Any) -> dict[str, Any]:
        actions: dict[str, Any] = {}
        for method in sorted({"PUT", "POST"} & set(view.allowed_methods)):
            view.request = clone_request(request, method)
            try:
                view.check_permissions(view.request)
                actions[method] = self.get_serializer_info(view.get_serializer())
            except (exceptions.APIException, PermissionDenied, Http404):
                pass
            finally:
                view.request = request
        return actions
