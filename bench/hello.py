"""The baseline of the HTTP benchmark: a bare DRF view on the same stack (middleware, gunicorn).

Served only by `bench.settings`; production URL confs never include it.
"""

from django.urls import URLPattern, URLResolver, path
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls_canton import urlpatterns as canton_urlpatterns


class Hello(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = ()

    def get(self, request: Request) -> Response:
        return Response({"hello": "world"})


urlpatterns: list[URLPattern | URLResolver] = [path("bench/hello/", Hello.as_view()), *canton_urlpatterns]
