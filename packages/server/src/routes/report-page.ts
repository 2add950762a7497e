import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors.ts';

/** The page's files, beside src/ and dist/ alike; the charting library from its package. */
const PAGE = new URL('../../report-page/', import.meta.url);
const ECHARTS = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
const FILES: Record<string, { path: string | URL; type: string }> = {
  'app.js': { path: new URL('app.js', PAGE), type: 'text/javascript; charset=utf-8' },
  'report.css': { path: new URL('report.css', PAGE), type: 'text/css; charset=utf-8' },
  'echarts.min.js': { path: ECHARTS, type: 'text/javascript; charset=utf-8' },
};
/** Scripts and styles from here only; no frames; the token never leaves with a referrer. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The marketer's report page: a shell with no data in it (it asks for the store's admin token and
 * reads /v1/reports/*), so it is served without the token.
 */
export async function reportPageRoutes(app: FastifyInstance): Promise<void> {
  const cache = new Map<string, Buffer>();
  const read = (name: string, path: string | URL) => {
    let body = cache.get(name);
    if (!body) cache.set(name, (body = readFileSync(path)));
    return body;
  };
  app.get('/report', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache')
      .send(read('index.html', new URL('index.html', PAGE))),
  );
  app.get('/report/:file', async (request, reply) => {
    const { file } = request.params as { file: string };
    const known = Object.prototype.hasOwnProperty.call(FILES, file) ? FILES[file] : undefined;
    if (!known) throw new HttpError(404, `no file ${file} on the report page`);
    return reply.type(known.type).header('x-content-type-options', 'nosniff').header('cache-control', 'no-cache').send(read(file, known.path));
  });
}
