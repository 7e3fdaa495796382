/** Distance filtering on plain latitude/longitude: index-friendly boxes first, then the exact distance. */
export interface Near {
  lat: number;
  lon: number;
  radiusKm: number;
}

export interface LatLonBox {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

export const earthRadiusKm = 6371.0088;
const kmPerDegree = (Math.PI * earthRadiusKm) / 180;

/**
 * The box (or two, when the circle crosses the antimeridian) that contains every point within
 * `radiusKm` of the centre. Near a pole the box spans every longitude.
 */
export function boundingBoxes({ lat, lon, radiusKm }: Near): LatLonBox[] {
  const dLat = radiusKm / kmPerDegree;
  const minLat = Math.max(-90, lat - dLat);
  const maxLat = Math.min(90, lat + dLat);
  const widest = Math.max(Math.abs(minLat), Math.abs(maxLat));
  if (widest >= 89.999) return [{ minLat, maxLat, minLon: -180, maxLon: 180 }];
  const dLon = Math.min(180, radiusKm / (kmPerDegree * Math.cos((widest * Math.PI) / 180)));
  if (dLon >= 180) return [{ minLat, maxLat, minLon: -180, maxLon: 180 }];
  const minLon = lon - dLon;
  const maxLon = lon + dLon;
  if (minLon < -180)
    return [
      { minLat, maxLat, minLon: minLon + 360, maxLon: 180 },
      { minLat, maxLat, minLon: -180, maxLon },
    ];
  if (maxLon > 180)
    return [
      { minLat, maxLat, minLon, maxLon: 180 },
      { minLat, maxLat, minLon: -180, maxLon: maxLon - 360 },
    ];
  return [{ minLat, maxLat, minLon, maxLon }];
}

/** Great-circle distance (haversine), the same formula the SQL filter uses. */
export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(h)));
}
