import type { FastifyBaseLogger } from 'fastify';
import type { SnapshotFrom } from 'xstate';
import type { GuidedEvent, GuidedMachine } from '../../../machines/guided/machine.js';
import type { Locale } from '../../../machines/guided/types.js';
import { GUIDED_DEFAULT_LOCALE, negotiateLocale } from '../../language/locale.js';
import { applyEvent, initialSnapshot, restore, RecentSnapshots, type FlowMachine } from '../../engine/machine.js';
import type { SessionRow, SessionStore } from '../../engine/sessions.js';
import { runTurn } from '../../engine/turn.js';
import { recordValidationFailure } from '../../observability/metrics.js';
import { catalogues } from './copy.js';
import { renderCurrent, renderReply, type ContractResponse } from './render.js';

type GuidedSnapshot = SnapshotFrom<GuidedMachine>;

/** An action as the request states it; the turn adds the locale it settles on. */
export type GuidedAction = { type: 'START' } | { type: 'SUBMIT_TEXT' | 'SELECT_OPTION'; value: string };

interface TurnOptions {
  requestId: string;
  /**
   * The locale the request states; null: the one stored with the session, which the turn takes
   * from its own read (no read of its own for it), else Spanish.
   */
  locale: Locale | null;
  log: FastifyBaseLogger;
  /** The request's Idempotency-Key: its response is stored in the same statement as the change. */
  idempotencyKey?: string | undefined;
  /**
   * The state the client answers (the request's `context.state`). When the flow is elsewhere
   * (a double submit already moved it on), the action is refused instead of applied to a
   * question the user never saw. START ignores it: it only resumes.
   */
  expectedState?: string | undefined;
}

type TurnResult =
  | { kind: 'ok'; body: ContractResponse; wrote: boolean }
  | { kind: 'rejected'; code: 'ACTION_NOT_ALLOWED' | 'CONFLICT'; message: string; body: ContractResponse };

/** The guided flow's use cases: read the current state, and run one action as one turn. */
export class GuidedService {
  /** What this process's own last turn left each user's session in (the next turn's read, usually). */
  private readonly recent: RecentSnapshots<GuidedMachine>;

  constructor(
    private readonly store: SessionStore,
    private readonly def: FlowMachine<GuidedMachine>,
  ) {
    this.recent = new RecentSnapshots(def);
  }

  async load(userId: string, log: FastifyBaseLogger): Promise<{ row: SessionRow | null; snapshot: GuidedSnapshot | null }> {
    const row = await this.store.load(userId, this.def.flow);
    if (!row) return { row: null, snapshot: null };
    const recent = this.recent.get(userId, row);
    if (recent) return { row, snapshot: recent };
    const restored = restore(this.def, row);
    if (restored.ok) return { row, snapshot: restored.snapshot };
    // The contract: an unknown stored state starts over with START. The row is overwritten on
    // the next accepted event (version-checked), never reinterpreted.
    log.warn(
      { flow: this.def.flow, reason: restored.reason, state: row.state, machineVersion: row.machine_version },
      'stored session cannot be resumed; starting over',
    );
    return { row, snapshot: null };
  }

  async current(userId: string, locale: Locale, log: FastifyBaseLogger): Promise<ContractResponse> {
    return renderCurrent((await this.load(userId, log)).snapshot, locale);
  }

  async turn(userId: string, action: GuidedAction, opts: TurnOptions): Promise<TurnResult> {
    type Read = { row: SessionRow | null; snapshot: GuidedSnapshot | null };
    const stateOf = (r: Read) => (r.snapshot ? String(r.snapshot.value) : 'start');
    const localeOf = (snapshot: GuidedSnapshot | null): Locale =>
      opts.locale ?? negotiateLocale({ stored: snapshot?.context.locale, fallback: GUIDED_DEFAULT_LOCALE });
    return runTurn<Read, TurnResult>({
      metric: { flow: this.def.flow, event: action.type },
      read: () => this.load(userId, opts.log),
      stateOf,
      decide: async ({ row, snapshot }) => {
        const state = stateOf({ row, snapshot });
        const locale = localeOf(snapshot);
        const event: GuidedEvent = action.type === 'START' ? { type: 'START', locale } : { ...action, locale };
        if (opts.expectedState !== undefined && event.type !== 'START' && state !== opts.expectedState) {
          opts.log.info(
            { flow: this.def.flow, state, expectedState: opts.expectedState, event: event.type },
            'guided: stale answer refused',
          );
          return {
            kind: 'answer',
            result: {
              kind: 'rejected',
              code: 'ACTION_NOT_ALLOWED',
              message: catalogues[locale].errors.STALE_STATE,
              body: renderCurrent(snapshot, locale),
            },
          };
        }
        // START on an existing session is a read: resume the question, or replay the completion.
        if (event.type === 'START' && snapshot && state !== 'start') {
          opts.log.info({ flow: this.def.flow, state, event: event.type }, 'guided: resume');
          return { kind: 'answer', result: { kind: 'ok', body: renderCurrent(snapshot, locale), wrote: false } };
        }
        const from = snapshot ?? initialSnapshot(this.def);
        if (!from.can(event)) {
          const copy = catalogues[locale].errors;
          opts.log.info({ flow: this.def.flow, state, event: event.type }, 'guided: action not allowed');
          return {
            kind: 'answer',
            result: {
              kind: 'rejected',
              code: 'ACTION_NOT_ALLOWED',
              message: snapshot ? copy.ACTION_NOT_ALLOWED(state) : copy.NOT_STARTED,
              body: renderCurrent(snapshot, locale),
            },
          };
        }
        const applied = await applyEvent(this.def, snapshot, event);
        const next = applied.snapshot;
        const to = String(next.value);
        const body = renderReply(next, locale);
        const done = to === 'end';
        return {
          kind: 'write',
          result: { kind: 'ok', body, wrote: true },
          write: async () => {
            const written = await this.store.write({
              userId,
              flow: this.def.flow,
              expectedVersion: row?.version ?? null,
              machineId: this.def.machineId,
              machineVersion: this.def.version,
              state: to,
              snapshot: applied.persisted,
              completed: done,
              result: done
                ? {
                    onboarding_completed: true,
                    selected_agent_id: next.context.selected_agent_id,
                    main_use: next.context.main_use,
                    preferred_style: next.context.preferred_style,
                    onboarding_completed_at: next.context.completed_at,
                  }
                : null,
              event: { from: snapshot ? state : null, to, type: event.type, requestId: opts.requestId },
              idempotency: opts.idempotencyKey ? { key: opts.idempotencyKey, status: 200, body } : undefined,
            });
            if (written) this.recent.remember(userId, next, applied.persisted);
            // An answer that leaves the flow where it was was not accepted (a re-ask).
            if (written && to === state && event.type !== 'START') recordValidationFailure(this.def.flow, state);
            if (written) {
              opts.log.info(
                { flow: this.def.flow, from: state, to, event: event.type, summarySource: done ? next.context.summary_source : undefined },
                'guided: transition',
              );
            }
            return written;
          },
        };
      },
      retrying: (reason, attempt) => opts.log.info({ flow: this.def.flow, attempt, reason }, 'guided: concurrent update, retrying'),
      // Rare: read again so the state shown is the one that won.
      conflict: async () => {
        const { snapshot } = await this.load(userId, opts.log);
        return {
          kind: 'rejected',
          code: 'CONFLICT',
          message: 'Another request changed this onboarding at the same time; the current state is shown',
          body: renderCurrent(snapshot, localeOf(snapshot)),
        };
      },
    });
  }
}
