/** What the tabs sharing a queue tell each other: events added (the queue's size and their bytes), claimed, released, done, or all cleared. */
export type OutboxMessage = { t: 'added'; size: number; bytes: number } | { t: 'claimed' | 'released' | 'done'; keys: string[]; size?: number } | { t: 'cleared' };

/** The tabs' channel (see {@link createOutboxChannel}). */
export interface OutboxChannel {
  /** Opens it (again, after a page came back from the back/forward cache). Without BroadcastChannel, does nothing. */
  open(): void;
  /** Tells the other tabs; nothing when closed. */
  post(message: OutboxMessage): void;
  /** Closes it: a page in the back/forward cache must hold none (a message would evict it). */
  close(): void;
}

/** A BroadcastChannel named `name` between the tabs sharing a queue; `heard` gets the others' messages. */
export function createOutboxChannel(name: string, heard: (message: OutboxMessage) => void): OutboxChannel {
  let channel: BroadcastChannel | undefined;
  return {
    open() {
      if (typeof BroadcastChannel !== 'function') return;
      channel?.close();
      channel = new BroadcastChannel(name);
      channel.onmessage = ({ data }: MessageEvent<OutboxMessage>) => heard(data);
    },
    post(message) {
      try {
        channel?.postMessage(message);
      } catch {}
    },
    close() {
      channel?.close();
      channel = undefined;
    },
  };
}
