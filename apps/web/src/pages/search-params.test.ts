import { describe, expect, it } from 'vitest';
import { readSearch, searchInput, writeSearch } from './search-params';

describe('search in the URL', () => {
  it('round-trips a search through the query string', () => {
    const form = {
      query: 'jazz night',
      location: 'Berlin',
      from: '2026-12-01',
      to: '2026-12-31',
      type: 'concert',
      page: 3,
    };
    expect(readSearch(new URLSearchParams(writeSearch(form).toString()))).toEqual(form);
  });

  it('ignores what it cannot use', () => {
    expect(readSearch(new URLSearchParams('type=opera&from=yesterday&page=-2'))).toEqual({
      query: '',
      location: '',
      from: '',
      to: '',
      type: '',
      page: 1,
    });
  });

  it('asks the API for a day or a range', () => {
    const base = { query: '', location: '', from: '2026-12-01', to: '', type: '', page: 1 };
    expect(searchInput(base, 20).date).toBe('2026-12-01');
    expect(searchInput({ ...base, to: '2026-12-31' }, 20).date).toBe('2026-12-01..2026-12-31');
    expect(searchInput({ ...base, from: '' }, 20)).toEqual({ page: 1, size: 20 });
  });
});
