"""Reading the deployment files for their tests: YAML documents and the settings production needs."""

import re
from pathlib import Path
from typing import Any

import yaml

from tests.processes import PROJECT_DIR

PRODUCTION_SETTINGS = PROJECT_DIR / "config" / "settings" / "production.py"


def documents(path: Path) -> list[dict[str, Any]]:
    """Every YAML document of `path` (merge keys `<<:` resolved, as Compose and kubectl do)."""
    with path.open() as stream:
        return [document for document in yaml.safe_load_all(stream) if document is not None]


def required_environment() -> set[str]:
    """The variables production refuses to start without: `env("NAME")` with no default."""
    source = PRODUCTION_SETTINGS.read_text()
    return set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z0-9_]+)"\s*\)', source))
