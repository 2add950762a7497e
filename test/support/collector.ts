// The reference collector (collector/server.mjs), typed for the tests.
// @ts-expect-error: plain ESM server shared with merchants
import { startCollector as start } from '../../collector/server.mjs';

export type Fault = 'blackhole' | 'reset' | { status: number; retryAfter?: number; accept?: boolean };

export interface CollectorRequest {
  /** When the request arrived, its body was read, and its response closed (null while open). */
  start: number;
  time: number;
  end: number | null;
  contentType: string;
  /** `no-cors` for sendBeacon, `cors` for fetch. */
  mode: string;
  origin: string;
  bytes: number;
  status: number;
  ids: string[];
}

export interface Collector {
  url: string;
  stats(): { unique: number; duplicates: number; requests: number; preflights: number; maxInFlight: number; statuses: number[] };
  events(): { event_id: string; name: string; time: number; sent_at: number; received_at: number; corrected_time: number | null; [key: string]: unknown }[];
  requests(): CollectorRequest[];
  /** The next `times` requests misbehave; with `carrying`, only requests with one of those event ids. */
  failNext(times: number, fault: Fault, carrying?: readonly string[]): void;
  recover(): void;
  close(): Promise<void>;
}

export function startCollector(options: { port?: number; host?: string; maxBytes?: number } = {}): Promise<Collector> {
  return start(options) as Promise<Collector>;
}
