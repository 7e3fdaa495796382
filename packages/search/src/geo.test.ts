import { describe, expect, it } from 'vitest';
import { boundingBoxes, haversineKm, type LatLonBox } from './geo';

const inside = (boxes: LatLonBox[], p: { lat: number; lon: number }) =>
  boxes.some((b) => p.lat >= b.minLat && p.lat <= b.maxLat && p.lon >= b.minLon && p.lon <= b.maxLon);

describe('geo', () => {
  it('measures great-circle distances', () => {
    expect(haversineKm({ lat: 40.7128, lon: -74.006 }, { lat: 51.5074, lon: -0.1278 })).toBeCloseTo(5570, -1);
    expect(haversineKm({ lat: 10, lon: 20 }, { lat: 10, lon: 20 })).toBe(0);
  });

  it('boxes every point within the radius, across the antimeridian and near the poles', () => {
    const centres = [
      { lat: 40.7, lon: -74 },
      { lat: -17.7, lon: 179.6 },
      { lat: 64.1, lon: -179.9 },
      { lat: 89.5, lon: 10 },
    ];
    for (const centre of centres) {
      const near = { ...centre, radiusKm: 150 };
      const boxes = boundingBoxes(near);
      expect(boxes.length).toBeLessThanOrEqual(2);
      for (let bearing = 0; bearing < 360; bearing += 15) {
        for (const km of [10, 100, 149]) {
          const rad = Math.PI / 180;
          const d = km / 6371.0088;
          const lat1 = centre.lat * rad;
          const lon1 = centre.lon * rad;
          const b = bearing * rad;
          const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
          let lon2 =
            (lon1 +
              Math.atan2(
                Math.sin(b) * Math.sin(d) * Math.cos(lat1),
                Math.cos(d) - Math.sin(lat1) * Math.sin(lat2),
              )) /
            rad;
          if (lon2 > 180) lon2 -= 360;
          if (lon2 < -180) lon2 += 360;
          expect(inside(boxes, { lat: lat2 / rad, lon: lon2 })).toBe(true);
        }
      }
    }
  });
});
