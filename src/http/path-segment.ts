import { TimebackValidationError } from '../errors/timeback.errors.js';

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Encodes an id as exactly one URL path segment, or refuses it before any
 * request: empty, `.`, `..`, control characters and unpaired surrogates could
 * otherwise reach another path or be altered in transit.
 */
export function encodePathSegment(value: unknown, name: string): string {
  const problem = pathSegmentProblem(value);
  if (problem) throw new TimebackValidationError(`${name} ${problem}`);
  return encodeURIComponent(value as string);
}

function pathSegmentProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value === '') return 'must not be empty';
  if (value === '.' || value === '..') return `must not be "${value}"`;
  if (CONTROL_CHARACTERS.test(value)) return 'must not contain control characters';
  if (!value.isWellFormed()) return 'must not contain unpaired surrogates';
  return undefined;
}
