// SPDX-License-Identifier: MIT
import { BridgeError, ErrorCode } from '../errors/error-codes.js';
import type { RequestId } from './envelope.js';

/** Why a request's work was stopped from outside; carried as the AbortSignal's reason. */
export type EndReason =
  | { kind: 'deadline'; elapsedMs: number }
  | { kind: 'cancelled'; byRequest: RequestId }
  | { kind: 'terminated'; why: string };

export interface Ticket {
  id: RequestId;
  startedAt: number;
  controller: AbortController;
  signal: AbortSignal;
}

/**
 * Requests being served. Each has an AbortController that fires on its deadline, on `cancel`, or
 * when the worker is terminated; the reason says which, so the right answer can be sent at once.
 */
export class InFlightRegistry {
  private readonly tickets = new Map<RequestId, Ticket & { timer: NodeJS.Timeout | null }>();
  private emptyWaiters: Array<() => void> = [];

  has(id: RequestId): boolean {
    return this.tickets.has(id);
  }

  get size(): number {
    return this.tickets.size;
  }

  open(id: RequestId, deadlineMs: number): Ticket {
    const controller = new AbortController();
    const startedAt = performance.now();
    const timer = setTimeout(() => {
      controller.abort({ kind: 'deadline', elapsedMs: performance.now() - startedAt } satisfies EndReason);
    }, deadlineMs);
    const ticket = { id, startedAt, controller, signal: controller.signal, timer };
    this.tickets.set(id, ticket);
    return ticket;
  }

  /** Removes the request; returns false when it had already been closed (answer sent). */
  close(id: RequestId): boolean {
    const ticket = this.tickets.get(id);
    if (!ticket) return false;
    if (ticket.timer) clearTimeout(ticket.timer);
    this.tickets.delete(id);
    if (this.tickets.size === 0) this.wakeEmptyWaiters();
    return true;
  }

  cancel(id: RequestId, byRequest: RequestId): boolean {
    const ticket = this.tickets.get(id);
    if (!ticket || ticket.signal.aborted) return false;
    ticket.controller.abort({ kind: 'cancelled', byRequest } satisfies EndReason);
    return true;
  }

  abortAll(why: string): void {
    for (const ticket of this.tickets.values()) {
      if (!ticket.signal.aborted) ticket.controller.abort({ kind: 'terminated', why } satisfies EndReason);
    }
  }

  whenEmpty(): Promise<void> {
    if (this.tickets.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.emptyWaiters.push(resolve));
  }

  private wakeEmptyWaiters(): void {
    const waiters = this.emptyWaiters;
    this.emptyWaiters = [];
    for (const wake of waiters) wake();
  }
}

/** The answer owed to a request whose work was stopped from outside. */
export function endReasonError(reason: EndReason): BridgeError | null {
  if (reason.kind === 'cancelled') {
    return new BridgeError(ErrorCode.InitializationTimeout, `cancelled by request ${reason.byRequest}`);
  }
  if (reason.kind === 'terminated') {
    return new BridgeError(ErrorCode.WorkerCrashed, `worker stopped before the request finished: ${reason.why}`);
  }
  return null;
}
