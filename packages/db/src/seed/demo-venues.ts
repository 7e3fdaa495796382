import type { LayoutKind } from './venue-layouts';

export interface DemoVenue {
  name: string;
  address: string;
  city: string;
  country: string;
  latitude: number;
  longitude: number;
  /** Standard-time offset from UTC, to put shows at a plausible local hour. */
  utcOffsetHours: number;
  layout: LayoutKind;
}

// Real venues; the seat counts are those of our layouts, not the real buildings'.
// biome-ignore format: one row per line reads as a table
export const demoVenues: readonly DemoVenue[] = [
  { name: 'SoFi Stadium', address: '1001 Stadium Dr, Inglewood, CA 90301', city: 'Los Angeles', country: 'United States', latitude: 33.9535, longitude: -118.3392, utcOffsetHours: -8, layout: 'stadium' },
  { name: 'Madison Square Garden', address: '4 Pennsylvania Plaza, New York, NY 10001', city: 'New York', country: 'United States', latitude: 40.7505, longitude: -73.9934, utcOffsetHours: -5, layout: 'arena' },
  { name: 'The O2', address: 'Peninsula Square, London SE10 0DX', city: 'London', country: 'United Kingdom', latitude: 51.503, longitude: 0.0032, utcOffsetHours: 0, layout: 'arena' },
  { name: 'Scotiabank Arena', address: '40 Bay St, Toronto, ON M5J 2X2', city: 'Toronto', country: 'Canada', latitude: 43.6435, longitude: -79.3791, utcOffsetHours: -5, layout: 'arena' },
  { name: 'Crypto.com Arena', address: '1111 S Figueroa St, Los Angeles, CA 90015', city: 'Los Angeles', country: 'United States', latitude: 34.043, longitude: -118.2673, utcOffsetHours: -8, layout: 'arena' },
  { name: 'United Center', address: '1901 W Madison St, Chicago, IL 60612', city: 'Chicago', country: 'United States', latitude: 41.8807, longitude: -87.6742, utcOffsetHours: -6, layout: 'arena' },
  { name: 'TD Garden', address: '100 Legends Way, Boston, MA 02114', city: 'Boston', country: 'United States', latitude: 42.3662, longitude: -71.0621, utcOffsetHours: -5, layout: 'arena' },
  { name: 'Hollywood Bowl', address: '2301 N Highland Ave, Los Angeles, CA 90068', city: 'Los Angeles', country: 'United States', latitude: 34.1122, longitude: -118.3391, utcOffsetHours: -8, layout: 'amphitheater' },
  { name: 'Red Rocks Amphitheatre', address: '18300 W Alameda Pkwy, Morrison, CO 80465', city: 'Denver', country: 'United States', latitude: 39.6654, longitude: -105.2057, utcOffsetHours: -7, layout: 'amphitheater' },
  { name: 'Gorge Amphitheatre', address: '754 Silica Rd NW, George, WA 98848', city: 'George', country: 'United States', latitude: 47.1003, longitude: -119.9953, utcOffsetHours: -8, layout: 'amphitheater' },
  { name: 'Richard Rodgers Theatre', address: '226 W 46th St, New York, NY 10036', city: 'New York', country: 'United States', latitude: 40.759, longitude: -73.9865, utcOffsetHours: -5, layout: 'theater' },
  { name: 'Victoria Palace Theatre', address: '126 Victoria St, London SW1E 5EA', city: 'London', country: 'United Kingdom', latitude: 51.4966, longitude: -0.1424, utcOffsetHours: 0, layout: 'theater' },
  { name: 'CIBC Theatre', address: '18 W Monroe St, Chicago, IL 60603', city: 'Chicago', country: 'United States', latitude: 41.8806, longitude: -87.6285, utcOffsetHours: -6, layout: 'theater' },
  { name: 'Hollywood Pantages Theatre', address: '6233 Hollywood Blvd, Los Angeles, CA 90028', city: 'Los Angeles', country: 'United States', latitude: 34.1018, longitude: -118.3254, utcOffsetHours: -8, layout: 'theater' },
  { name: 'Fox Theatre', address: '660 Peachtree St NE, Atlanta, GA 30308', city: 'Atlanta', country: 'United States', latitude: 33.7726, longitude: -84.3856, utcOffsetHours: -5, layout: 'theater' },
  { name: 'Orpheum Theatre', address: '1192 Market St, San Francisco, CA 94102', city: 'San Francisco', country: 'United States', latitude: 37.7793, longitude: -122.4146, utcOffsetHours: -8, layout: 'theater' },
  { name: 'Beacon Theatre', address: '2124 Broadway, New York, NY 10023', city: 'New York', country: 'United States', latitude: 40.7805, longitude: -73.9812, utcOffsetHours: -5, layout: 'theater' },
  { name: 'Paramount Theatre', address: '713 Congress Ave, Austin, TX 78701', city: 'Austin', country: 'United States', latitude: 30.2691, longitude: -97.7425, utcOffsetHours: -6, layout: 'theater' },
  { name: 'Ryman Auditorium', address: '116 Rep. John Lewis Way N, Nashville, TN 37219', city: 'Nashville', country: 'United States', latitude: 36.1612, longitude: -86.7785, utcOffsetHours: -6, layout: 'theater' },
  { name: 'Blue Note Jazz Club', address: '131 W 3rd St, New York, NY 10012', city: 'New York', country: 'United States', latitude: 40.7309, longitude: -74.0006, utcOffsetHours: -5, layout: 'club' },
  { name: 'Comedy Cellar', address: '117 MacDougal St, New York, NY 10012', city: 'New York', country: 'United States', latitude: 40.7302, longitude: -74.0005, utcOffsetHours: -5, layout: 'club' },
  { name: 'The Troubadour', address: '9081 Santa Monica Blvd, West Hollywood, CA 90069', city: 'Los Angeles', country: 'United States', latitude: 34.0815, longitude: -118.3893, utcOffsetHours: -8, layout: 'club' },
  { name: 'Exit/In', address: '2208 Elliston Pl, Nashville, TN 37203', city: 'Nashville', country: 'United States', latitude: 36.1513, longitude: -86.8035, utcOffsetHours: -6, layout: 'club' },
  { name: 'The Hideout', address: '1354 W Wabansia Ave, Chicago, IL 60642', city: 'Chicago', country: 'United States', latitude: 41.9135, longitude: -87.6627, utcOffsetHours: -6, layout: 'club' },
];
