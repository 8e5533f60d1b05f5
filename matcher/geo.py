"""Distances on the map."""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0088


def haversine_km(
    lat: float, lon: float, lats: np.ndarray, lons: np.ndarray, cos_lats: np.ndarray | None = None
) -> np.ndarray:
    """Great-circle distance in km from one point to many (degrees); NaN where a location is unknown.

    cos_lats: cos of the many latitudes in radians, when the caller has it precomputed.
    """
    lat1, lon1 = np.radians(lat), np.radians(lon)
    lat2, lon2 = np.radians(lats), np.radians(lons)
    cos2 = np.cos(lat2) if cos_lats is None else cos_lats
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * cos2 * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
