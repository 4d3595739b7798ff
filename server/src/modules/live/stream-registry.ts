import type { StreamEndReason } from '#contract';

export interface StreamCaps {
  /** Open streams per account (a client or a recruiter, whatever credentials it uses). */
  perAccount: number;
  /** Open streams per client IP address. */
  perIp: number;
}

export interface StreamOpening {
  /** Whose events the stream carries (`client:<id>` or `recruiter:<id>`). */
  account: string;
  ip: string;
  /** The session or API key it was opened with (`credentialOf`). */
  credential: string;
  /** When that credential expires (a session's token); null for an API key, which does not. */
  expiresAt: Date | null;
  /** When that session's token was issued, for account-wide sign-outs (a password reset); null for an API key. */
  issuedAtMs?: number | null;
}

export type StreamLimitName = 'LIVE_STREAMS_PER_ACCOUNT' | 'LIVE_STREAMS_PER_IP';

export interface StreamCounts {
  /** Streams open (or opening) on this instance for the account, and from the address. */
  accountStreams: number;
  ipStreams: number;
}

export type Admission =
  ({ admitted: true; slot: StreamSlot } & StreamCounts) | ({ admitted: false; limit: StreamLimitName; max: number } & StreamCounts);

/**
 * A stream's place on this instance, from before it opens until it closes. It counts against the
 * caps, and hears when its credential ends.
 */
export class StreamSlot {
  /** Why the credential ended before the stream could be told; null while it has not. */
  endedReason: StreamEndReason | null = null;
  private onEnd: ((reason: StreamEndReason) => void) | null = null;
  private released = false;

  constructor(
    private readonly registry: StreamRegistry,
    readonly opening: StreamOpening,
  ) {}

  /** Once the stream is open: what to do when its credential ends (at once if it already has). */
  whenEnded(onEnd: (reason: StreamEndReason) => void): void {
    if (this.endedReason) return onEnd(this.endedReason);
    this.onEnd = onEnd;
  }

  end(reason: StreamEndReason): void {
    if (this.released) return;
    this.endedReason ??= reason;
    this.onEnd?.(this.endedReason);
  }

  /** Gives the slot back (the stream closed, or never opened); the counts after. */
  release(): StreamCounts {
    if (!this.released) {
      this.released = true;
      this.registry.release(this);
    }
    return this.registry.countsOf(this.opening);
  }
}

interface CredentialStreams {
  slots: Set<StreamSlot>;
  expiry: NodeJS.Timeout | null;
}

/**
 * This instance's open live streams, counted per account and per address (for the caps) and
 * indexed by the credential they were opened with, so that a sign-out, a revoked key or a token's
 * expiry ends exactly that credential's streams. One timer per session, not per stream, ends its
 * streams at the token's expiry.
 */
export class StreamRegistry {
  private readonly byAccount = new Map<string, number>();
  private readonly byIp = new Map<string, number>();
  private readonly byCredential = new Map<string, CredentialStreams>();

  constructor(private readonly caps: StreamCaps) {}

  /** Takes a slot for a new stream, or says which cap it is over. */
  admit(opening: StreamOpening): Admission {
    const counts = this.countsOf(opening);
    if (counts.accountStreams >= this.caps.perAccount) {
      return { admitted: false, limit: 'LIVE_STREAMS_PER_ACCOUNT', max: this.caps.perAccount, ...counts };
    }
    if (counts.ipStreams >= this.caps.perIp) {
      return { admitted: false, limit: 'LIVE_STREAMS_PER_IP', max: this.caps.perIp, ...counts };
    }
    this.byAccount.set(opening.account, counts.accountStreams + 1);
    this.byIp.set(opening.ip, counts.ipStreams + 1);

    let streams = this.byCredential.get(opening.credential);
    if (!streams) {
      streams = { slots: new Set(), expiry: null };
      if (opening.expiresAt) {
        const credential = opening.credential;
        // A token lives a day at most, well within what a timer can wait (24.8 days).
        streams.expiry = setTimeout(() => this.end(credential, 'session_expired'), Math.max(0, opening.expiresAt.getTime() - Date.now()));
        streams.expiry.unref();
      }
      this.byCredential.set(opening.credential, streams);
    }
    const slot = new StreamSlot(this, opening);
    streams.slots.add(slot);
    return { admitted: true, slot, accountStreams: counts.accountStreams + 1, ipStreams: counts.ipStreams + 1 };
  }

  /** Ends every stream opened with the credential (a no-op when none is open here). */
  end(credential: string, reason: StreamEndReason): void {
    const streams = this.byCredential.get(credential);
    if (!streams) return;
    for (const slot of [...streams.slots]) slot.end(reason);
  }

  /** Ends the streams of every session of `account` issued before `issuedBefore` (API keys' streams stay). */
  endSessionsOf(account: string, issuedBefore: number, reason: StreamEndReason): void {
    for (const streams of this.byCredential.values()) {
      for (const slot of [...streams.slots]) {
        const { opening } = slot;
        if (opening.account === account && typeof opening.issuedAtMs === 'number' && opening.issuedAtMs < issuedBefore) slot.end(reason);
      }
    }
  }

  countsOf(opening: Pick<StreamOpening, 'account' | 'ip'>): StreamCounts {
    return { accountStreams: this.byAccount.get(opening.account) ?? 0, ipStreams: this.byIp.get(opening.ip) ?? 0 };
  }

  /** Called by the slot. */
  release(slot: StreamSlot): void {
    const { account, ip, credential } = slot.opening;
    decrement(this.byAccount, account);
    decrement(this.byIp, ip);
    const streams = this.byCredential.get(credential);
    if (!streams) return;
    streams.slots.delete(slot);
    if (streams.slots.size === 0) {
      if (streams.expiry) clearTimeout(streams.expiry);
      this.byCredential.delete(credential);
    }
  }

  stop(): void {
    for (const streams of this.byCredential.values()) if (streams.expiry) clearTimeout(streams.expiry);
  }
}

function decrement(counts: Map<string, number>, key: string): void {
  const count = (counts.get(key) ?? 0) - 1;
  if (count > 0) counts.set(key, count);
  else counts.delete(key);
}
