/** The search lives in the URL (?q=&location=&from=&to=&type=&page=) so it can be shared and reloaded. */
export const eventTypes = [
  { value: 'concert', label: 'Concerts' },
  { value: 'sports', label: 'Sports' },
  { value: 'theater', label: 'Theatre' },
  { value: 'comedy', label: 'Comedy' },
  { value: 'festival', label: 'Festivals' },
  { value: 'family', label: 'Family' },
];

type EventType = 'concert' | 'sports' | 'theater' | 'comedy' | 'festival' | 'family';

export interface SearchForm {
  query: string;
  location: string;
  from: string;
  to: string;
  type: string;
  page: number;
}

const day = /^\d{4}-\d{2}-\d{2}$/;

export function readSearch(params: URLSearchParams): SearchForm {
  const page = Number(params.get('page'));
  return {
    query: params.get('q') ?? '',
    location: params.get('location') ?? '',
    from: day.test(params.get('from') ?? '') ? (params.get('from') as string) : '',
    to: day.test(params.get('to') ?? '') ? (params.get('to') as string) : '',
    type: eventTypes.some((t) => t.value === params.get('type')) ? (params.get('type') as string) : '',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

export function writeSearch(form: SearchForm): URLSearchParams {
  const params = new URLSearchParams();
  if (form.query) params.set('q', form.query);
  if (form.location) params.set('location', form.location);
  if (form.from) params.set('from', form.from);
  if (form.to) params.set('to', form.to);
  if (form.type) params.set('type', form.type);
  if (form.page > 1) params.set('page', String(form.page));
  return params;
}

/** catalog.search input: a day, or from..to (a lone "to" means from today). */
export function searchInput(form: SearchForm, size: number) {
  const from = form.from || (form.to ? new Date().toISOString().slice(0, 10) : '');
  const to = form.to && form.to >= from ? form.to : from;
  return {
    ...(form.query ? { query: form.query } : {}),
    ...(form.location ? { location: form.location } : {}),
    ...(from ? { date: from === to ? from : `${from}..${to}` } : {}),
    ...(form.type ? { type: form.type as EventType } : {}),
    page: Math.min(form.page, Math.floor(10_000 / size)),
    size,
  };
}
