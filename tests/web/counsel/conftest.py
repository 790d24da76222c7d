"""Erin, the counsellor both people invite in these tests."""

from __future__ import annotations

from typing import Any

import pytest

from web.conftest import make_person


@pytest.fixture
def erin(db: None) -> Any:
    return make_person("erin")


@pytest.fixture
def erin_client(client_for: Any, erin: Any) -> Any:
    return client_for(erin)
