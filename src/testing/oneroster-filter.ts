/**
 * The OneRoster 1.2 filter syntax (§3.4.2): `field op 'value'` joined by
 * `AND` / `OR`, with AND binding tighter. `~` is a case-insensitive contains,
 * `@` tests membership in a comma-separated list. Dotted fields reach into
 * nested objects and match when any array element does.
 */

export type FilterOperator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '@';

export interface FilterComparison {
  field: string;
  operator: FilterOperator;
  value: string;
}

/** Disjunctive normal form: OR of ANDs. */
export type ParsedFilter = FilterComparison[][];

export class FilterSyntaxError extends Error {}

const COMPARISON = /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*(>=|<=|!=|=|>|<|~|@)\s*'((?:[^']|'')*)'\s*/;
const LOGICAL = /^(AND|OR)(?=\s|$)\s*/;

export function parseFilter(source: string, knownFields: ReadonlySet<string>): ParsedFilter {
  const groups: ParsedFilter = [[]];
  let rest = source;
  for (;;) {
    const comparison = COMPARISON.exec(rest);
    if (!comparison) throw new FilterSyntaxError(`Invalid filter near "${rest.slice(0, 40)}": expected field op 'value'`);
    const [matched, field, operator, quoted] = comparison;
    if (!knownFields.has(field.split('.')[0])) throw new FilterSyntaxError(`Unknown filter field "${field}"`);
    groups[groups.length - 1].push({ field, operator: operator as FilterOperator, value: quoted.replace(/''/g, "'") });
    rest = rest.slice(matched.length);
    if (rest === '') return groups;
    const logical = LOGICAL.exec(rest);
    if (!logical) throw new FilterSyntaxError(`Invalid filter near "${rest.slice(0, 40)}": expected AND or OR`);
    if (logical[1] === 'OR') groups.push([]);
    rest = rest.slice(logical[0].length);
  }
}

export function matchesFilter(record: object, filter: ParsedFilter): boolean {
  return filter.some((group) => group.every((comparison) => matchesComparison(record, comparison)));
}

/** Every scalar reachable at a dotted path, flattening arrays on the way. */
export function valuesAt(record: unknown, path: string): unknown[] {
  let current: unknown[] = [record];
  for (const key of path.split('.')) {
    const next: unknown[] = [];
    for (const item of current) {
      if (Array.isArray(item)) {
        for (const element of item) if (element && typeof element === 'object') next.push((element as Record<string, unknown>)[key]);
      } else if (item && typeof item === 'object') {
        next.push((item as Record<string, unknown>)[key]);
      }
    }
    current = next;
  }
  return current.flatMap((value) => (Array.isArray(value) ? value : [value])).filter((value) => value !== undefined && value !== null);
}

function matchesComparison(record: object, { field, operator, value }: FilterComparison): boolean {
  const values = valuesAt(record, field).map(String);
  if (operator === '!=') return values.every((candidate) => candidate !== value);
  return values.some((candidate) => compare(candidate, operator, value));
}

function compare(candidate: string, operator: FilterOperator, value: string): boolean {
  switch (operator) {
    case '=':
      return candidate === value;
    case '~':
      return candidate.toLowerCase().includes(value.toLowerCase());
    case '@':
      return value.split(',').map((item) => item.trim()).includes(candidate);
    default: {
      const order = orderOf(candidate, value);
      if (operator === '>') return order > 0;
      if (operator === '>=') return order >= 0;
      if (operator === '<') return order < 0;
      return order <= 0;
    }
  }
}

/** Numbers compare as numbers, everything else (ISO dates included) as strings. */
export function orderOf(a: string, b: string): number {
  const numeric = /^-?\d+(\.\d+)?$/;
  if (numeric.test(a) && numeric.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
