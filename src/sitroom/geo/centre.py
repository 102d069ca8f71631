"""A representative point for an area known only by the towns inside it.

GeoNames gives admin areas no outline, so an area's point is estimated from its
towns. Towns cluster where people live (the coast of Queensland, the south of
Ontario), so their mean, and even the middle of their bounding box, sits far
from the geographic centre that atlases and encyclopaedias give. The centroid
of the convex hull of the towns is an estimate of the area's own centroid that
does not depend on where the people are, only on how far the settled land
reaches. Towns far outside the bulk of the others are left out first: they are
distant islands or rows with a wrong admin code (Tibetan villages filed under
Hebei), and one of them would drag a hull across half a country.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

OUTLIER_FACTOR = 2.0
"""A town is an outlier beyond this many times the 95th-percentile distance from the median."""
MIN_POINTS = 5
"""Below this many towns there is no bulk to compare with: every town counts."""


def area_centre(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """(lat, lon) centroid of the convex hull of ``points`` after dropping far outliers."""
    if not points:
        raise ValueError("area_centre needs at least one point")
    shifted = _unwrap(points)
    kept = _without_outliers(shifted)
    lat, lon = _hull_centroid(kept)
    if lon > 180.0:
        lon -= 360.0
    return lat, lon


def _unwrap(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Points of an area that straddles the 180th meridian, on one side of it (lon > 180)."""
    lons = [p[1] for p in points]
    if max(lons) - min(lons) <= 180.0:
        return list(points)
    return [(lat, lon + 360.0 if lon < 0 else lon) for lat, lon in points]


def _without_outliers(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return [p for p, keep in zip(points, inliers(points), strict=True) if keep]


def inliers(points: Sequence[tuple[float, float]]) -> list[bool]:
    """For each point, False when it lies far outside the bulk of the others."""
    if len(points) < MIN_POINTS:
        return [True] * len(points)
    points = _unwrap(points)
    mid_lat = statistics.median(p[0] for p in points)
    mid_lon = statistics.median(p[1] for p in points)
    # Flat-earth distances in degrees: only compared with each other, and cheap
    # enough for the 70,000 areas of a build.
    scale = math.cos(math.radians(mid_lat))
    dists = [math.hypot(lat - mid_lat, (lon - mid_lon) * scale) for lat, lon in points]
    ranked = sorted(dists)
    limit = OUTLIER_FACTOR * ranked[int(0.95 * (len(ranked) - 1))]
    return [d <= limit for d in dists]


def _hull_centroid(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Area centroid of the convex hull, in a plane scaled by cos(latitude) at the mean."""
    mean_lat = sum(p[0] for p in points) / len(points)
    mean_lon = sum(p[1] for p in points) / len(points)
    scale = max(math.cos(math.radians(mean_lat)), 0.05)
    hull = _convex_hull([(lon * scale, lat) for lat, lon in points])
    area2 = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(hull, hull[1:] + hull[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area2 += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if len(hull) < 3 or abs(area2) < 1e-9:  # one town, or towns along a line
        return mean_lat, mean_lon
    return cy / (3.0 * area2), cx / (3.0 * area2) / scale


def _convex_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Counter-clockwise convex hull (Andrew's monotone chain)."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def turn(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and turn(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and turn(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]
