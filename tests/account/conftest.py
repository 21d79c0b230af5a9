import pytest


@pytest.fixture
def people(office):
    return office
