import { describe, expect, it } from 'vitest';
import { type ResolvedTerm, searchText, wordSets, wordsTsQuery } from './search-text';

describe('searchText', () => {
  it('keeps lowercase words of letters and digits, accents included', () => {
    expect(searchText("  Tayl SWIF!! Beyoncé's 1989 ")).toEqual({
      text: 'tayl swif beyoncé s 1989',
      terms: ['tayl', 'swif', 'beyoncé', 's', '1989'],
    });
  });

  it('is null when nothing searchable is left', () => {
    expect(searchText(undefined)).toBeNull();
    expect(searchText(" '&|!:* ")).toBeNull();
  });

  it('bounds the number and length of terms', () => {
    const terms = searchText(
      `${'a'.repeat(100)} ${Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ')}`,
    )?.terms;
    expect(terms).toHaveLength(8);
    expect(terms?.[0]).toHaveLength(40);
  });
});

const term = (
  t: string,
  isWord: boolean,
  hasPrefix: boolean,
  corrections: string[] = [],
  expansions: string[] = hasPrefix ? [t] : [],
): ResolvedTerm => ({ term: t, isWord, hasPrefix, expansions, corrections });

describe('wordsTsQuery', () => {
  it('matches known words exactly, the last term and partial words as prefixes', () => {
    const terms = [term('andre', true, true), term('tayl', false, true), term('tour', true, true)];
    expect(wordsTsQuery(terms, 'strict')).toBe("'andre' & 'tayl':* & 'tour':*");
    expect(wordsTsQuery(terms, 'prefix')).toBe("'andre':* & 'tayl':* & 'tour':*");
  });

  it('replaces a misspelt term by its corrections and drops a hopeless one', () => {
    expect(
      wordsTsQuery(
        [term('taylr', false, false, ['taylor']), term('xqzv', false, false), term('swift', true, true)],
        'strict',
      ),
    ).toBe("('taylor') & 'swift':*");
    expect(wordsTsQuery([term('xqzv', false, false)], 'strict')).toBeNull();
  });

  it('keeps two-letter terms whole and quotes every operand', () => {
    expect(wordsTsQuery([term('la', true, true), term("o'n", false, true)], 'prefix')).toBe(
      "'la' & 'o''n':*",
    );
  });
});

describe('wordSets', () => {
  it('matches known words exactly and stands partial words and the last term for their expansions', () => {
    const terms = [
      term('andre', true, true, [], ['andre', 'andrea']),
      term('tayl', false, true, [], ['taylor']),
      term('tour', true, true, [], ['tour', 'tours']),
    ];
    expect(wordSets(terms, 'strict', 64)).toEqual([['andre'], ['taylor'], ['tour', 'tours']]);
    expect(wordSets(terms, 'prefix', 64)).toEqual([['andre', 'andrea'], ['taylor'], ['tour', 'tours']]);
  });

  it('uses corrections for a misspelt term, drops a hopeless one, keeps two letters whole', () => {
    const terms = [term('taylr', false, false, ['taylor']), term('xqzv', false, false), term('la', true, true, [], ['la', 'lab'])];
    expect(wordSets(terms, 'prefix', 64)).toEqual([['taylor'], ['la']]);
    expect(wordSets([term('xqzv', false, false)], 'strict', 64)).toBeNull();
  });

  it('gives up on a prefix that stands for more words than the limit', () => {
    expect(wordSets([term('sa', false, true), term('san', true, true, [], ['san', 'sand', 'sane'])], 'strict', 2)).toBeNull();
  });
});
