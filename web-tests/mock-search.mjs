// The mock daemon's item search: the query language subset PROTOCOL.md documents, compiled into a
// predicate. A query that does not parse throws a SearchError with the column and a suggestion.

const IS_FILTERS = {
  weapon: (it) => ['kinetic', 'energy', 'power'].includes(it.bucket),
  armor: (it) => ['helmet', 'gauntlets', 'chest', 'legs', 'class_item'].includes(it.bucket),
  exotic: (it) => it.tier === 'Exotic',
  legendary: (it) => it.tier === 'Legendary',
  equipped: (it) => it.equipped,
  locked: (it) => it.locked,
  invault: (it) => it.location.kind === 'vault',
  postmaster: (it) => it.location.kind === 'postmaster',
  kinetic: (it) => it.bucket === 'kinetic',
  energy: (it) => it.bucket === 'energy',
  power: (it) => it.bucket === 'power',
  titan: (it) => it.class === 'titan',
  hunter: (it) => it.class === 'hunter',
  warlock: (it) => it.class === 'warlock',
  // Progress: `ctx.kindOf(id)` is a pursuit's kind (or null), `ctx.completeOf(id)` whether all its objectives are done.
  bounty: (it, ctx) => ctx.kindOf?.(it.id) === 'bounty',
  quest: (it, ctx) => ['quest', 'other'].includes(ctx.kindOf?.(it.id)),
  complete: (it, ctx) => ctx.completeOf?.(it.id) === true,
  incomplete: (it, ctx) => ctx.completeOf?.(it.id) === false,
};

/** A query that does not parse; `column` is 1-based. */
export class SearchError extends Error {
  constructor(message, column) {
    super(message);
    this.column = column;
  }
}

function tokenize(query) {
  const tokens = [];
  let i = 0;
  while (i < query.length) {
    if (query[i] === ' ') { i += 1; continue; }
    const start = i;
    let text = '';
    while (i < query.length && query[i] !== ' ') {
      if (query[i] === '"') {
        const end = query.indexOf('"', i + 1);
        if (end < 0) throw new SearchError(`unclosed quote at column ${i + 1}; add a closing "`, i + 1);
        text += query.slice(i + 1, end);
        i = end + 1;
      } else {
        text += query[i];
        i += 1;
      }
    }
    tokens.push({ text, column: start + 1 });
  }
  return tokens;
}

function closest(word, choices) {
  const score = (a, b) => {
    let common = 0;
    while (common < a.length && common < b.length && a[common] === b[common]) common += 1;
    return common;
  };
  return choices.reduce((best, c) => (score(word, c) > score(word, best) ? c : best), choices[0]);
}

function term({ text, column }, ctx) {
  let negate = false;
  let body = text;
  if (body.startsWith('-')) { negate = true; body = body.slice(1); }
  const colon = body.indexOf(':');
  let test;
  if (colon < 0) {
    const word = body.toLowerCase();
    test = (it) => it.name.toLowerCase().includes(word);
  } else {
    const key = body.slice(0, colon).toLowerCase();
    const value = body.slice(colon + 1);
    if (key === 'is') {
      const f = IS_FILTERS[value.toLowerCase()];
      if (!f) {
        const hint = closest(value.toLowerCase(), Object.keys(IS_FILTERS));
        throw new SearchError(`unknown filter "is:${value}" at column ${column}; did you mean is:${hint}?`, column);
      }
      test = (it) => f(it, ctx);
    } else if (key === 'power') {
      const m = /^(>=|<=|>|<|=)?(\d+)$/.exec(value);
      if (!m) throw new SearchError(`"power:" needs a number at column ${column + 6}, like power:>=1800`, column + 6);
      const n = Number(m[2]);
      const op = m[1] ?? '=';
      test = (it) => ({ '>=': it.power >= n, '<=': it.power <= n, '>': it.power > n, '<': it.power < n, '=': it.power === n })[op];
    } else if (key === 'name') {
      const word = value.toLowerCase();
      test = (it) => it.name.toLowerCase().includes(word);
    } else if (key === 'bucket') {
      const slug = value.toLowerCase();
      test = (it) => it.bucket === slug;
    } else {
      throw new SearchError(`unknown keyword "${key}:" at column ${column}; use is:, power:, name: or bucket:`, column);
    }
  }
  return negate ? (it) => !test(it) : test;
}

/**
 * Compiles a query into a predicate over protocol items: AND between terms, `or` between groups.
 * `ctx` answers the progress filters (`kindOf(id)`, `completeOf(id)`).
 */
export function compileQuery(query, ctx = {}) {
  const groups = [[]];
  for (const token of tokenize(query)) {
    if (token.text.toLowerCase() === 'or') {
      if (groups[groups.length - 1].length === 0) {
        throw new SearchError(`"or" at column ${token.column} needs a term on each side`, token.column);
      }
      groups.push([]);
    } else {
      groups[groups.length - 1].push(term(token, ctx));
    }
  }
  if (groups.length > 1 && groups[groups.length - 1].length === 0) {
    throw new SearchError('the query ends with "or"; add a term after it', query.length);
  }
  return (it) => groups.some((g) => g.every((t) => t(it)));
}
