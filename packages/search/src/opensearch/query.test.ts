import { describe, expect, it } from 'vitest';
import { searchLimits } from '../backend';
import { eventsIndexBody } from './mapping';
import { indexedForm, normalizeText, searchBody, toSearchHit } from './query';

type Node = { properties?: Record<string, Node>; fields?: Record<string, Node> };

function resolve(node: Node | undefined, path: string): Node | undefined {
  let current = node;
  for (const part of path.split('.')) current = current?.properties?.[part] ?? current?.fields?.[part];
  return current;
}

describe('normalizeText', () => {
  it('keeps words of letters and digits, apostrophes inside words, and drops the rest', () => {
    expect(normalizeText('  Tayl  swif!! ')).toBe('Tayl swif');
    expect(normalizeText("Bluey's Big-Play (2031)")).toBe("Bluey's Big Play 2031");
    expect(normalizeText('MISÉRABLES')).toBe('MISÉRABLES');
    expect(normalizeText(' ?! ')).toBeNull();
    expect(normalizeText(undefined)).toBeNull();
  });

  it('bounds what reaches OpenSearch: 8 words of at most 40 characters', () => {
    const long = `${'x'.repeat(100)} ${Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ')}`;
    const words = normalizeText(long)?.split(' ') ?? [];
    expect(words).toHaveLength(8);
    expect(words[0]).toHaveLength(40);
  });
});

describe('searchBody', () => {
  it('pages with from/size, clamps the size, and counts up to the result window', () => {
    expect(searchBody({ page: 3, size: 20 })).toMatchObject({ from: 40, size: 20 });
    expect(searchBody({ page: 1, size: 1000 }).size).toBe(searchLimits.maxSize);
    expect(searchBody({ page: 0, size: 0 })).toMatchObject({ from: 0, size: 1 });
    expect(searchBody({ page: 1, size: 20 }).track_total_hits).toBe(searchLimits.maxResultWindow);
  });

  it('puts every filter in filter context and hides draft and cancelled events', () => {
    const from = new Date('2031-06-01T00:00:00Z');
    const to = new Date('2031-06-01T23:59:59.999Z');
    const body = searchBody({
      city: ' New York ',
      near: { lat: 40.7, lon: -74, radiusKm: 25 },
      from,
      to,
      type: 'sports',
      page: 1,
      size: 20,
    });
    expect(body.query.bool).not.toHaveProperty('must');
    expect(body.query.bool.must_not).toEqual([{ terms: { status: ['draft', 'cancelled'] } }]);
    expect(body.query.bool.filter).toEqual([
      { term: { 'venue.city.keyword': 'New York' } },
      { geo_distance: { distance: '25km', 'venue.location': { lat: 40.7, lon: -74 } } },
      { range: { startsAt: { gte: from.toISOString(), lte: to.toISOString() } } },
      { term: { type: 'sports' } },
    ]);
    expect(body.sort).toEqual([{ startsAt: 'asc' }, { id: 'asc' }]);
  });

  it('ranks text by score, then date, then id', () => {
    const body = searchBody({ text: 'tayl swif', page: 1, size: 20 });
    expect(body.query.bool.must).toHaveLength(1);
    expect(body.sort).toEqual([{ _score: 'desc' }, { startsAt: 'asc' }, { id: 'asc' }]);
    // Every field the text clause queries exists in the mapping.
    const text = body.query.bool.must?.[0] as { bool: { should: Record<string, unknown>[] } };
    const fields = new Set<string>();
    // Field names are keys of prefix/term clauses and entries of multi_match field lists.
    JSON.stringify(text, (key, value) => {
      if (key === 'fields') for (const f of value as string[]) fields.add(f.replace(/\^.*$/, ''));
      if (key === 'prefix' || key === 'term') for (const f of Object.keys(value)) fields.add(f);
      return value;
    });
    expect(fields).toContain('venue.city');
    const mapping = eventsIndexBody().mappings as unknown as Node;
    for (const field of fields) expect(resolve(mapping, field), field).toBeDefined();
  });

  it('looks every word up as a prefix, in its indexed form', () => {
    expect(indexedForm("Beyoncé's")).toBe('beyonce');
    const text = JSON.stringify(searchBody({ text: 'Tayl SWIF la', page: 1, size: 20 }).query);
    expect(text).toContain('{"prefix":{"name":{"value":"tayl","boost":3}}}');
    expect(text).toContain('{"prefix":{"performers":{"value":"swif","boost":3}}}');
    expect(text).toContain('{"term":{"venue.city":{"value":"la","boost":1.5}}}');
  });
});

describe('searchBody with typos', () => {
  it('asks the fuzzy match alone, and the first try none', () => {
    const first = JSON.stringify(searchBody({ text: 'taylr swfit', page: 1, size: 20 }).query);
    expect(first).not.toContain('fuzziness');
    const second = searchBody({ text: 'taylr swfit', city: 'Oslo', page: 1, size: 20 }, { typos: true });
    expect(second.query.bool.must).toEqual([
      { multi_match: expect.objectContaining({ query: 'taylr swfit', fuzziness: 'AUTO', prefix_length: 1 }) },
    ]);
    expect(second.query.bool.filter).toContainEqual({ term: { 'venue.city.keyword': 'Oslo' } });
  });
});

describe('eventsIndexBody', () => {
  it('sets the refresh interval and can leave out the ngram subfields', () => {
    const fast = eventsIndexBody({ refreshInterval: '200ms' });
    expect(fast.settings.index.refresh_interval).toBe('200ms');
    expect(fast.settings.index.number_of_replicas).toBe(0);
    expect(fast.mappings.properties.name.fields).toHaveProperty('ngram');
    const standard = eventsIndexBody({ ngram: false });
    expect(standard.mappings.properties.name.fields).not.toHaveProperty('ngram');
    expect(standard.mappings.properties.name.fields).toHaveProperty('keyword');
  });
});

describe('toSearchHit', () => {
  it('answers the shared hit shape', () => {
    expect(
      toSearchHit({
        id: 'e1',
        name: 'Show',
        type: 'comedy',
        startsAt: '2031-06-01T19:00:00Z',
        venue: { id: 'v1', name: 'Hall', city: 'Oslo' },
        performers: ['A'],
        lowestPrice: null,
      }),
    ).toEqual({
      eventID: 'e1',
      name: 'Show',
      date: '2031-06-01T19:00:00.000Z',
      location: 'Hall, Oslo',
      type: 'comedy',
      venue: { id: 'v1', name: 'Hall', city: 'Oslo' },
      performers: ['A'],
      lowestPrice: null,
    });
  });
});
