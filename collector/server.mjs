// The reference collector: a small Node HTTP server implementing POST /v1/events of our contract.
// It records every request, deduplicates by event_id, and can be told to misbehave (for the
// reliability tests). Merchants can start from it. Run: `node collector/server.mjs` (PORT=8787).
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

/**
 * When an event happened by the server's clock: the device's `time` moved by the device's error,
 * which is how far its clock (`sent_at`, stamped as the batch left) was from ours when it arrived.
 * Transit time counts as error (milliseconds on a live site). Without `sent_at`, the device's time as is.
 */
export function correctedTime(time, sentAt, receivedAt) {
  if (typeof time !== 'number') return null;
  return typeof sentAt === 'number' && Number.isFinite(sentAt) ? time + (receivedAt - sentAt) : time;
}

/**
 * Starts a collector on loopback. Returns its URL, what it saw (`stats()`), a way to make it fail
 * (`failNext`), and `close()`.
 */
export async function startCollector({ port = 0, host = '127.0.0.1', maxBytes = 1_000_000 } = {}) {
  const unique = new Map();
  const requests = [];
  let duplicates = 0;
  let preflights = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  /**
   * Planned misbehaviour, in order, each taken by the first request it applies to: `{ fault, carrying }`,
   * where `fault` is 'blackhole' (never answers), 'reset' (drops the connection: a network error), or
   * { status, retryAfter, accept } (answers status; with accept, after recording the events, as a
   * server that crashed after its write would), and `carrying` (event ids, optional) limits it to
   * requests with one of them.
   */
  const faults = [];
  // Retry-After must be exposed, or a cross-origin page cannot read it.
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST, GET, OPTIONS', 'access-control-allow-headers': 'content-type, authorization', 'access-control-expose-headers': 'retry-after' };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://collector');
    if (req.method === 'OPTIONS') {
      preflights++;
      return void res.writeHead(204, cors).end();
    }
    if (req.method === 'GET' && url.pathname === '/stats') {
      res.writeHead(200, { ...cors, 'content-type': 'application/json' });
      return void res.end(JSON.stringify(stats()));
    }
    if (req.method !== 'POST' || url.pathname !== '/v1/events') return void res.writeHead(404, cors).end();
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const start = Date.now();
    let record;
    let open = true;
    const finished = () => {
      if (!open) return;
      open = false;
      inFlight--;
      if (record) record.end = Date.now();
    };
    res.on('close', finished);
    const chunks = [];
    let bytes = 0;
    req.on('data', (chunk) => {
      bytes += chunk.length;
      if (bytes <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () => {
      record = {
        start,
        end: null,
        time: Date.now(),
        contentType: req.headers['content-type'] ?? '',
        // 'no-cors' for sendBeacon, 'cors' for fetch: tells the unload path from the sender's requests.
        mode: req.headers['sec-fetch-mode'] ?? '',
        origin: req.headers.origin ?? '',
        bytes,
        status: 200,
        ids: [],
      };
      requests.push(record);
      // Which events a request carried, refused or not (a refused request delivers none of them).
      let parsed;
      let unreadable = 'no events array';
      try {
        parsed = bytes <= maxBytes ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      } catch (error) {
        unreadable = error.message;
      }
      if (Array.isArray(parsed?.events)) for (const event of parsed.events) if (typeof event?.event_id === 'string') record.ids.push(event.event_id);
      const planned = faults.findIndex((f) => !f.carrying || record.ids.some((id) => f.carrying.includes(id)));
      const fault = planned < 0 ? undefined : faults.splice(planned, 1)[0].fault;
      if (fault === 'blackhole') return; // never answers: the client's timeout or the page's end decides
      if (fault === 'reset') {
        record.status = 0;
        return void req.socket.destroy();
      }
      if (fault && !fault.accept) {
        record.status = fault.status;
        return void res.writeHead(fault.status, { ...cors, ...(fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {}) }).end();
      }
      if (bytes > maxBytes) {
        record.status = 413;
        return void res.writeHead(413, cors).end();
      }
      const body = parsed;
      if (!Array.isArray(body?.events)) {
        record.status = 400;
        res.writeHead(400, { ...cors, 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ error: `expected { "events": [...] }: ${unreadable}` }));
      }
      let accepted = 0;
      for (const event of body.events) {
        if (typeof event?.event_id !== 'string') continue;
        if (unique.has(event.event_id)) duplicates++;
        else {
          const receivedAt = Date.now();
          unique.set(event.event_id, { ...event, received_at: receivedAt, sent_at: body.sent_at, corrected_time: correctedTime(event.time, body.sent_at, receivedAt) });
          accepted++;
        }
      }
      if (fault) {
        record.status = fault.status;
        return void res.writeHead(fault.status, cors).end();
      }
      res.writeHead(200, { ...cors, 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted, duplicates: body.events.length - accepted }));
    });
  });
  await new Promise((resolve) => server.listen(port, host, resolve));

  function stats() {
    return { unique: unique.size, duplicates, requests: requests.length, preflights, maxInFlight, statuses: requests.map((r) => r.status) };
  }
  return {
    url: `http://${host}:${server.address().port}`,
    stats,
    events: () => [...unique.values()],
    requests: () => requests.slice(),
    /**
     * The next `times` requests misbehave as `fault` says (see `faults` above); with `carrying` (event
     * ids), only requests that carry one of them — the rest are answered as usual.
     */
    failNext(times, fault, carrying) {
      for (let i = 0; i < times; i++) faults.push({ fault, carrying });
    },
    /** Forgets planned faults (a scenario's recovery). */
    recover() {
      faults.length = 0;
    },
    close: () => new Promise((resolve) => (server.closeAllConnections?.(), server.close(resolve))),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const collector = await startCollector({ port: Number(process.env.PORT ?? 8787) });
  console.log(`shopscene collector: POST ${collector.url}/v1/events  (stats: GET ${collector.url}/stats)`);
}
