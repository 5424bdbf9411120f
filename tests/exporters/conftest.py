"""LibreOffice for the exporter tests: one private profile per test session."""

from __future__ import annotations

import pytest

from tests.exporters.libreoffice import LibreOffice


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> LibreOffice:
    return LibreOffice(tmp_path_factory.mktemp("libreoffice"))
