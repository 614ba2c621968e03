from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo seed and `make run`: composition, above every domain app; no models."""

    name = "demo"
    verbose_name = "Demo"
