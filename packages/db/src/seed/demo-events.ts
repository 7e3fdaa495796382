import type { EventType } from '../generated/catalog';

export interface DemoEvent {
  /** Stable name of the row: its id is derived from it, so never change a key once shipped. */
  key: string;
  name: string;
  type: EventType;
  venue: string;
  /** Headliner first: the order is the billing order. */
  performers: readonly string[];
  /** Days from the seed run to the show. */
  inDays: number;
  /** Days from the seed run to the on-sale; positive means the event is still 'scheduled'. */
  onSaleInDays: number;
  /** P1, P2, P3 in cents. */
  prices: readonly [number, number, number];
  /** Overrides the layout's tier names, e.g. "Courtside" for a game. */
  tierNames?: readonly [string, string, string];
  description: string;
}

const eras = 'Taylor Swift | The Eras Tour';
const erasText = 'A journey through all of Taylor Swift’s musical eras, in a three-hour show.';

// biome-ignore format: one row per line reads as a table
export const demoEvents: readonly DemoEvent[] = [
  // Stadium: the one 50,000-seat on-sale of the demo.
  { key: 'eras-sofi', name: eras, type: 'concert', venue: 'SoFi Stadium', performers: ['Taylor Swift', 'Sabrina Carpenter'], inDays: 45, onSaleInDays: -20, prices: [49900, 29900, 14900], description: erasText },
  // Arenas, 10,000 seats each.
  { key: 'eras-msg', name: eras, type: 'concert', venue: 'Madison Square Garden', performers: ['Taylor Swift', 'Gracie Abrams'], inDays: 21, onSaleInDays: -40, prices: [44900, 24900, 12900], description: erasText },
  { key: 'eras-o2', name: eras, type: 'concert', venue: 'The O2', performers: ['Taylor Swift', 'Paramore'], inDays: 80, onSaleInDays: -10, prices: [42900, 23900, 11900], description: erasText },
  { key: 'eras-toronto', name: eras, type: 'concert', venue: 'Scotiabank Arena', performers: ['Taylor Swift', 'Gracie Abrams'], inDays: 130, onSaleInDays: 3, prices: [44900, 24900, 12900], description: erasText },
  { key: 'cowboy-carter-chicago', name: 'Beyoncé | Cowboy Carter Tour', type: 'concert', venue: 'United Center', performers: ['Beyoncé'], inDays: 60, onSaleInDays: -25, prices: [39900, 19900, 9900], description: 'Beyoncé brings the Cowboy Carter Tour to Chicago.' },
  { key: 'lakers-warriors', name: 'Los Angeles Lakers vs Golden State Warriors', type: 'sports', venue: 'Crypto.com Arena', performers: ['Los Angeles Lakers', 'Golden State Warriors'], inDays: 9, onSaleInDays: -60, prices: [35000, 15000, 6500], tierNames: ['Courtside', 'Lower Level', 'Upper Level'], description: 'NBA regular season: the Lakers host the Warriors.' },
  { key: 'rangers-bruins', name: 'New York Rangers vs Boston Bruins', type: 'sports', venue: 'TD Garden', performers: ['Boston Bruins', 'New York Rangers'], inDays: 17, onSaleInDays: -45, prices: [27500, 12500, 5500], tierNames: ['Glass', 'Loge', 'Balcony'], description: 'NHL regular season: an Original Six rivalry in Boston.' },
  // Amphitheaters, 5,000 seats each.
  { key: 'spheres-bowl', name: 'Coldplay | Music of the Spheres World Tour', type: 'concert', venue: 'Hollywood Bowl', performers: ['Coldplay', 'H.E.R.'], inDays: 33, onSaleInDays: -30, prices: [25900, 15900, 8950], description: 'Coldplay under the stars at the Hollywood Bowl.' },
  { key: 'most-wanted-red-rocks', name: 'Bad Bunny | Most Wanted Tour', type: 'concert', venue: 'Red Rocks Amphitheatre', performers: ['Bad Bunny'], inDays: 52, onSaleInDays: -14, prices: [29900, 17900, 9900], description: 'Bad Bunny live at Red Rocks.' },
  { key: 'summer-sounds', name: 'Summer Sounds Festival', type: 'festival', venue: 'Gorge Amphitheatre', performers: ['Dua Lipa', 'The Weeknd', 'Billie Eilish'], inDays: 95, onSaleInDays: 12, prices: [34900, 22900, 14900], tierNames: ['Pit', 'Lawn Reserved', 'Hillside'], description: 'Three headliners over the Columbia River gorge.' },
  // Theaters, 1,500 seats each.
  { key: 'hamilton-nyc', name: 'Hamilton', type: 'theater', venue: 'Richard Rodgers Theatre', performers: ['Hamilton'], inDays: 7, onSaleInDays: -90, prices: [19900, 12900, 7900], description: 'The story of America then, told by America now.' },
  { key: 'hamilton-london', name: 'Hamilton', type: 'theater', venue: 'Victoria Palace Theatre', performers: ['Hamilton'], inDays: 28, onSaleInDays: -90, prices: [17500, 11500, 6500], description: 'The West End production of the musical.' },
  { key: 'hamilton-chicago', name: 'Hamilton', type: 'theater', venue: 'CIBC Theatre', performers: ['Hamilton'], inDays: 40, onSaleInDays: -60, prices: [18900, 11900, 6900], description: 'The touring production of the musical.' },
  { key: 'wicked-la', name: 'Wicked', type: 'theater', venue: 'Hollywood Pantages Theatre', performers: ['Wicked'], inDays: 14, onSaleInDays: -50, prices: [16900, 10900, 5900], description: 'The untold story of the witches of Oz.' },
  { key: 'lion-king-atlanta', name: "Disney's The Lion King", type: 'family', venue: 'Fox Theatre', performers: ["Disney's The Lion King"], inDays: 35, onSaleInDays: -40, prices: [15900, 9900, 4900], description: 'The award-winning musical for the whole family.' },
  { key: 'les-mis-sf', name: 'Les Misérables', type: 'theater', venue: 'Orpheum Theatre', performers: ['Les Misérables'], inDays: 50, onSaleInDays: -30, prices: [14900, 9900, 5500], description: 'The epic musical, on tour.' },
  { key: 'chappelle-beacon', name: 'Dave Chappelle Live', type: 'comedy', venue: 'Beacon Theatre', performers: ['Dave Chappelle'], inDays: 12, onSaleInDays: -21, prices: [14900, 9900, 6900], description: 'A phone-free night of stand-up.' },
  { key: 'mulaney-austin', name: 'John Mulaney: From Scratch', type: 'comedy', venue: 'Paramount Theatre', performers: ['John Mulaney'], inDays: 26, onSaleInDays: -20, prices: [12900, 8900, 5900], description: 'John Mulaney’s new hour of stand-up.' },
  { key: 'ali-wong-sf', name: 'Ali Wong Live', type: 'comedy', venue: 'Orpheum Theatre', performers: ['Ali Wong'], inDays: 18, onSaleInDays: -15, prices: [11900, 7900, 4900], description: 'Ali Wong, live in San Francisco.' },
  { key: 'trevor-noah-atlanta', name: 'Trevor Noah: Off The Record', type: 'comedy', venue: 'Fox Theatre', performers: ['Trevor Noah'], inDays: 64, onSaleInDays: -10, prices: [11900, 7900, 4900], description: 'Trevor Noah on tour.' },
  { key: 'sesame-austin', name: 'Sesame Street Live! Say Hello', type: 'family', venue: 'Paramount Theatre', performers: ['Sesame Street Live!'], inDays: 30, onSaleInDays: -35, prices: [6500, 4500, 2500], description: 'Elmo, Cookie Monster and friends on stage.' },
  { key: 'stapleton-ryman', name: 'Chris Stapleton: All-American Road Show', type: 'concert', venue: 'Ryman Auditorium', performers: ['Chris Stapleton'], inDays: 38, onSaleInDays: -28, prices: [15900, 9900, 6900], description: 'Chris Stapleton at the Mother Church of Country Music.' },
  { key: 'norah-jones-beacon', name: 'Norah Jones: Visions Tour', type: 'concert', venue: 'Beacon Theatre', performers: ['Norah Jones'], inDays: 70, onSaleInDays: -12, prices: [12900, 8900, 5900], description: 'An evening with Norah Jones.' },
  { key: 'bluey-chicago', name: "Bluey's Big Play", type: 'family', venue: 'CIBC Theatre', performers: ["Bluey's Big Play"], inDays: 44, onSaleInDays: -30, prices: [5900, 3900, 2500], description: 'The stage show of the beloved cartoon.' },
  { key: 'sheeran-ryman', name: 'Ed Sheeran: An Intimate Evening', type: 'concert', venue: 'Ryman Auditorium', performers: ['Ed Sheeran'], inDays: 85, onSaleInDays: -5, prices: [22900, 14900, 8900], description: 'Ed Sheeran, a loop pedal and a guitar.' },
  // Clubs, 200 seats each.
  { key: 'glasper-blue-note', name: 'Robert Glasper Trio', type: 'concert', venue: 'Blue Note Jazz Club', performers: ['Robert Glasper'], inDays: 6, onSaleInDays: -30, prices: [8500, 6500, 4500], description: 'Two sets a night at the Blue Note.' },
  { key: 'kamasi-blue-note', name: 'Kamasi Washington', type: 'concert', venue: 'Blue Note Jazz Club', performers: ['Kamasi Washington'], inDays: 48, onSaleInDays: -14, prices: [9500, 7000, 5000], description: 'Spiritual jazz, up close.' },
  { key: 'spalding-blue-note', name: 'Esperanza Spalding', type: 'concert', venue: 'Blue Note Jazz Club', performers: ['Esperanza Spalding'], inDays: 100, onSaleInDays: -2, prices: [9000, 6500, 4500], description: 'Esperanza Spalding and her band.' },
  { key: 'bargatze-cellar', name: 'Comedy Cellar Presents: Nate Bargatze', type: 'comedy', venue: 'Comedy Cellar', performers: ['Nate Bargatze', 'Jessica Kirson'], inDays: 4, onSaleInDays: -10, prices: [6500, 4500, 3000], description: 'A surprise drop-in set at the Cellar.' },
  { key: 'silverman-cellar', name: 'Sarah Silverman: Work in Progress', type: 'comedy', venue: 'Comedy Cellar', performers: ['Sarah Silverman'], inDays: 66, onSaleInDays: -7, prices: [6000, 4500, 3000], description: 'New material, worked out live.' },
  { key: 'bridgers-troubadour', name: 'Phoebe Bridgers', type: 'concert', venue: 'The Troubadour', performers: ['Phoebe Bridgers'], inDays: 16, onSaleInDays: -20, prices: [7500, 5500, 4000], description: 'An intimate club show.' },
  { key: 'jbrekkie-troubadour', name: 'Japanese Breakfast', type: 'concert', venue: 'The Troubadour', performers: ['Japanese Breakfast'], inDays: 57, onSaleInDays: -9, prices: [5500, 4500, 3500], description: 'Japanese Breakfast at the Troubadour.' },
  { key: 'zach-bryan-exit-in', name: 'Zach Bryan: Songs at the Exit/In', type: 'concert', venue: 'Exit/In', performers: ['Zach Bryan'], inDays: 23, onSaleInDays: -16, prices: [9900, 7500, 5000], description: 'A one-night club show in Nashville.' },
  { key: 'musgraves-exit-in', name: 'Kacey Musgraves Acoustic', type: 'concert', venue: 'Exit/In', performers: ['Kacey Musgraves'], inDays: 90, onSaleInDays: -3, prices: [8900, 6500, 4500], description: 'Kacey Musgraves, unplugged.' },
  { key: 'gadsby-hideout', name: 'Hannah Gadsby: Woof!', type: 'comedy', venue: 'The Hideout', performers: ['Hannah Gadsby'], inDays: 31, onSaleInDays: -12, prices: [5500, 4000, 3000], description: 'Hannah Gadsby tries out a new hour.' },
  { key: 'berkner-hideout', name: 'Kids’ Sing-Along with The Laurie Berkner Band', type: 'family', venue: 'The Hideout', performers: ['The Laurie Berkner Band'], inDays: 13, onSaleInDays: -25, prices: [3500, 2500, 1500], description: 'A Saturday-morning sing-along for kids and grown-ups.' },
];
