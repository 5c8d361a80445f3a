import type { ServerResponse } from 'node:http';
import { sendJson } from './sandbox-http.js';

export interface SandboxStimulus {
  identifier: string;
  title: string;
  catalogInfo: Array<{ id: string; support: string; content: string }>;
  language: string;
  rawXml: string;
  content: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

const QTI_NAMESPACE = 'http://www.imsglobal.org/xsd/imsqtiasi_v3p0';
const SORTABLE = new Set(['title', 'identifier', 'createdAt', 'updatedAt']);

function stimulus(identifier: string, title: string, passage: string, day: number): SandboxStimulus {
  const createdAt = new Date(Date.UTC(2025, 5, day, 14)).toISOString();
  const body = `<qti-stimulus-body><p>${passage}</p></qti-stimulus-body>`;
  return {
    identifier,
    title,
    catalogInfo: [],
    language: 'en',
    rawXml:
      `<?xml version="1.0" encoding="UTF-8"?><qti-assessment-stimulus xmlns="${QTI_NAMESPACE}" ` +
      `identifier="${identifier}" xml:lang="en" title="${title}">${body}</qti-assessment-stimulus>`,
    content: {
      'qti-assessment-stimulus': {
        _attributes: {
          xmlns: QTI_NAMESPACE,
          'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
          'xsi:schemaLocation': `${QTI_NAMESPACE} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd`,
          identifier,
          'xml:lang': 'en',
          title,
        },
        'qti-stimulus-body': { p: passage },
      },
    },
    createdAt,
    updatedAt: createdAt,
  };
}

export const SANDBOX_STIMULI: readonly SandboxStimulus[] = [
  stimulus('stimulus-water-cycle', 'The Water Cycle', 'Water evaporates, condenses into clouds and falls as rain.', 2),
  stimulus('stimulus-photosynthesis', 'Photosynthesis', 'Plants turn light, water and carbon dioxide into sugar and oxygen.', 4),
  stimulus('stimulus-fractions', 'Sharing a Pizza', 'Four friends share a pizza cut into eight equal slices.', 9),
  stimulus('stimulus-volcanoes', 'How Volcanoes Form', 'Magma rises through cracks in the crust and erupts as lava.', 12),
  stimulus('stimulus-ancient-egypt', 'Life on the Nile', 'The Nile flooded each year and left rich soil for farming.', 20),
];

/** `GET /stimuli` and `GET /stimuli/{identifier}` under the QTI base, with the spec's `{ items, total, page, pages, limit, sort, order }` list body. */
export function handleQti(method: string, path: string, url: URL, res: ServerResponse): string {
  if (method === 'GET' && path === '/stimuli') {
    const query = url.searchParams;
    const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);
    const limit = Math.min(3000, Math.max(1, Number.parseInt(query.get('limit') ?? '10', 10) || 10));
    const sort = query.get('sort') ?? 'createdAt';
    const order = query.get('order') === 'asc' ? 'asc' : 'desc';
    if (!SORTABLE.has(sort)) {
      sendJson(res, 400, { error: 'Bad Request', message: `sort must be one of ${[...SORTABLE].join(', ')}` });
      return '/stimuli';
    }
    const term = query.get('query')?.toLowerCase();
    const direction = order === 'asc' ? 1 : -1;
    const items = SANDBOX_STIMULI.filter(
      (item) => !term || item.title.toLowerCase().includes(term) || item.identifier.toLowerCase().includes(term),
    ).sort((a, b) => direction * String(a[sort as keyof SandboxStimulus]).localeCompare(String(b[sort as keyof SandboxStimulus])));
    sendJson(res, 200, {
      items: items.slice((page - 1) * limit, page * limit),
      total: items.length,
      page,
      pages: Math.ceil(items.length / limit),
      limit,
      sort,
      order,
    });
    return '/stimuli';
  }
  const single = /^\/stimuli\/([^/]+)$/.exec(path);
  if (method === 'GET' && single) {
    let identifier: string;
    try {
      identifier = decodeURIComponent(single[1]);
    } catch {
      sendJson(res, 400, { error: 'Bad Request', message: 'The identifier is not valid percent-encoding' });
      return '/stimuli/{identifier}';
    }
    const item = SANDBOX_STIMULI.find((candidate) => candidate.identifier === identifier);
    if (item) sendJson(res, 200, item);
    else sendJson(res, 404, { error: `Stimulus ${identifier} not found` });
    return '/stimuli/{identifier}';
  }
  sendJson(res, 404, { error: `No route for ${method} ${path}` });
  return 'unmatched';
}
