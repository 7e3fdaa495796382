import { type SearchQuery, searchText } from '@boxoffice/search';

/**
 * The normalised form of a search (the cache key hashes it): words as the backends see them, the city
 * in lowercase, coordinates to ~10 m, dates as instants. Equivalent queries share one entry.
 */
export function normalisedSearch(query: SearchQuery): string {
  const round = (n: number) => Math.round(n * 10_000) / 10_000;
  return JSON.stringify({
    text: searchText(query.text)?.text ?? null,
    city: query.city?.trim().toLowerCase() || null,
    near: query.near ? [round(query.near.lat), round(query.near.lon), query.near.radiusKm] : null,
    from: query.from?.toISOString() ?? null,
    to: query.to?.toISOString() ?? null,
    type: query.type ?? null,
    page: query.page,
    size: query.size,
  });
}
