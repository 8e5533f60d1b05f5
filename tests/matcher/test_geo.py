"""Distances on the map."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.geo import haversine_km


def test_distances_from_one_point_to_many_with_or_without_precomputed_cosines():
    lats, lons = np.array([44.97, 44.99, 45.97, np.nan]), np.array([-93.26, -93.27, -93.26, np.nan])
    plain = haversine_km(44.97, -93.26, lats, lons)
    assert plain[0] == pytest.approx(0.0, abs=1e-9)
    assert plain[1] == pytest.approx(2.359, abs=0.002), "2.22 km north, 0.79 km west"
    assert plain[2] == pytest.approx(111.19, abs=0.01), "one degree of latitude"
    assert np.isnan(plain[3]), "an unknown location has no distance"
    given = haversine_km(44.97, -93.26, lats, lons, np.cos(np.radians(lats)))
    np.testing.assert_allclose(given, plain, equal_nan=True)
