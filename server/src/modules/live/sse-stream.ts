import type { ServerResponse } from 'node:http';

/**
 * One Server-Sent Events response. Writes never wait: when the socket's buffer passes the bound,
 * the reader is too slow and is dropped, to resume later with Last-Event-ID, so that it cannot hold
 * back anybody else or grow this process's memory.
 */
export class SseStream {
  private closed = false;

  constructor(
    private readonly response: ServerResponse,
    private readonly maxBufferedBytes: number,
    private readonly onClose: () => void,
  ) {
    response.on('close', () => this.markClosed());
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Written, and not yet taken by the reader's socket. */
  get unsentBytes(): number {
    return this.response.writableLength;
  }

  event(id: number, type: string, data: unknown): boolean {
    return this.write(`id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  comment(text: string): boolean {
    return this.write(`: ${text}\n\n`);
  }

  /** Ends the stream, telling the browser how soon to reconnect. */
  close(retryMs?: number): void {
    if (this.closed) return;
    if (retryMs !== undefined) this.response.write(`retry: ${retryMs}\n\n`);
    this.response.end();
    this.markClosed();
  }

  /**
   * Ends the stream with a last control event. It has no id: it does not move where the stream
   * stands, and the client is not meant to resume after it.
   */
  finish(type: string, data: unknown): void {
    if (this.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`)) this.close();
  }

  /** Drops a reader that fell too far behind: no goodbye, it will resume by Last-Event-ID. */
  drop(): void {
    if (this.closed) return;
    this.response.destroy();
    this.markClosed();
  }

  private write(chunk: string): boolean {
    if (this.closed) return false;
    if (this.response.writableLength > this.maxBufferedBytes) {
      this.drop();
      return false;
    }
    this.response.write(chunk);
    return true;
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }
}
