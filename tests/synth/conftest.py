"""One tiny city for the whole module: building it takes a fraction of a second."""

from __future__ import annotations

import pytest

from zizhu.synth.city import City, CityFiles

SCALE = 0.0005  # about 800 students


@pytest.fixture(scope="session")
def city() -> City:
    return City.build(scale=SCALE, seed=7)


@pytest.fixture(scope="session")
def files(city: City, tmp_path_factory: pytest.TempPathFactory) -> CityFiles:
    return city.write(tmp_path_factory.mktemp("city"), term="2019-2")
