/** Who sends: one tab at a time of those sharing a queue (see {@link createSenderElection}). */
export interface SenderElection {
  /** Whether this tab is the sender now. */
  readonly sender: boolean;
  /** Stands for election: at once if no tab is the sender, else when it resigns or dies. Does nothing while standing. */
  stand(): void;
  /** Stops sending, or standing: another tab takes over (a page going away, or kept in the back/forward cache). */
  resign(): void;
}

/** Options of {@link createSenderElection}. */
export interface SenderElectionOptions {
  /** The Web Locks lock that the tabs sharing a queue contend for. */
  lockName: string;
  /**
   * Without Web Locks: takes or renews this tab's lease for `ms` (0 gives it up) and resolves whether
   * this tab holds it — the queue store's lease, where the tabs meet.
   */
  lease: (ms: number) => Promise<boolean>;
  /** How long a lease lasts unrenewed (it is renewed three times as often): a dead sender's tab is replaced after this. */
  leaseMs: number;
  /** Called each time this tab becomes the sender. */
  onElected: () => void;
  /** The Web Locks to use; `undefined` for none (the lease then). @default navigator.locks, where there is one */
  locks?: Pick<LockManager, 'request'> | undefined;
}

/**
 * Elects one sender among the tabs sharing a queue: with Web Locks, the tab holding the lock (the
 * browser hands it to the next tab when the holder resigns or its page goes); without, the tab
 * holding a lease in the queue, renewed while it lives and taken over once it lapses. Claims keep
 * each event single either way; the election only spares tabs from contending for every batch.
 */
export function createSenderElection(options: SenderElectionOptions): SenderElection {
  const { lease, leaseMs, onElected } = options;
  let sender = false;
  let standing = false;
  /** Lets go of the Web Lock this tab holds. */
  let release: (() => void) | undefined;
  let renewal: ReturnType<typeof setInterval> | undefined;
  const locks = 'locks' in options ? options.locks : typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;

  const elected = () => {
    sender = true;
    onElected();
  };
  return {
    get sender() {
      return sender;
    },
    stand() {
      if (standing) return;
      standing = true;
      if (locks && typeof locks.request === 'function') {
        void locks
          .request(options.lockName, () =>
            // Granted after this tab resigned (its page went while it waited), or again: let go at once.
            standing && !release ? new Promise<void>((resolve) => ((release = resolve), elected())) : undefined,
          )
          .catch(() => {});
        return;
      }
      const renew = async () => {
        const held = await lease(leaseMs).catch(() => false);
        if (renewal === undefined) return void (held && lease(0).catch(() => {})); // resigned meanwhile
        if (held && !sender) elected();
        sender = held;
      };
      renewal = setInterval(renew, leaseMs / 3);
      void renew();
    },
    resign() {
      standing = false;
      sender = false;
      release?.();
      release = undefined;
      if (renewal !== undefined) {
        clearInterval(renewal);
        renewal = undefined;
        void lease(0).catch(() => {});
      }
    },
  };
}
