import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const timestamps = {
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updated_at: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** One row per person; `sub` is the JWT subject (our own accounts use their id as sub). */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sub: text('sub').notNull().unique(),
    email: text('email'),
    full_name: text('full_name'),
    password_hash: text('password_hash'),
    age: integer('age'),
    gender: text('gender'),
    height_cm: doublePrecision('height_cm'),
    weight_kg: doublePrecision('weight_kg'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_email_lower_key')
      .on(sql`lower(${t.email})`)
      .where(sql`${t.password_hash} is not null`),
  ],
);

/**
 * The current state of a machine-driven flow, one row per user and flow. `version` is the
 * optimistic-concurrency counter; `result` is what the flow hands to the rest of the product.
 */
export const flowSessions = pgTable(
  'flow_sessions',
  {
    user_id: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    flow: text('flow').notNull(),
    machine_id: text('machine_id').notNull(),
    machine_version: integer('machine_version').notNull(),
    state: text('state').notNull(),
    snapshot: jsonb('snapshot').notNull(),
    completed: boolean('completed').notNull().default(false),
    result: jsonb('result'),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.user_id, t.flow] }), index('flow_sessions_flow_state_idx').on(t.flow, t.state)],
);

/** Append-only log: one row per state change, written in the same statement as the change. */
export const flowEvents = pgTable(
  'flow_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    user_id: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    flow: text('flow').notNull(),
    from_state: text('from_state'),
    to_state: text('to_state').notNull(),
    event: text('event').notNull(),
    agent: text('agent'),
    request_id: text('request_id'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('flow_events_user_flow_idx').on(t.user_id, t.flow, t.id), index('flow_events_flow_created_idx').on(t.flow, t.created_at)],
);

/** Idempotency-Key bookkeeping, per user; rows older than 24 hours are ignored and pruned. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    user_id: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    request_hash: text('request_hash').notNull(),
    status: text('status', { enum: ['in_flight', 'done'] }).notNull(),
    response_status: integer('response_status'),
    response_body: jsonb('response_body'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The claim's lease: until then only `owner` (an instance id) may take the key back. */
    locked_until: timestamp('locked_until', { withTimezone: true }),
    owner: text('owner'),
  },
  (t) => [primaryKey({ columns: [t.user_id, t.key] }), index('idempotency_keys_created_idx').on(t.created_at)],
);

/**
 * The fitness flow's source of truth (SPEC section 7), one row per user. Created in the legacy
 * 11-step shape by 0001, consolidated to 9 states by 0002, `version` added by 0003.
 * `step_data` holds `step_1`..`step_9`; rows that came from the 11-step model also keep
 * `_migration` ({original_step_data, original_current_step, migrated_at}) for the rollback.
 * `version` is the optimistic-concurrency counter: bump it in every UPDATE and match the old value.
 */
export const onboardingStates = pgTable(
  'onboarding_states',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    user_id: uuid('user_id')
      .notNull()
      .unique()
      .references(() => users.id, { onDelete: 'cascade' }),
    current_step: integer('current_step').notNull().default(0),
    is_complete: boolean('is_complete').notNull().default(false),
    step_data: jsonb('step_data').$type<Record<string, unknown>>().notNull().default({}),
    agent_history: jsonb('agent_history').$type<Array<{ state: number; agent: string; timestamp: string }>>().notNull().default([]),
    version: integer('version').notNull().default(1),
    /** The offline agent's dialogue machine, persisted like flow_sessions (id, version, snapshot). */
    dialogue_machine_id: text('dialogue_machine_id'),
    dialogue_machine_version: integer('dialogue_machine_version'),
    dialogue_snapshot: jsonb('dialogue_snapshot'),
    ...timestamps,
    deleted_at: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [check('onboarding_states_current_step_check', sql`${t.current_step} >= 0 AND ${t.current_step} <= 9`)],
);

/**
 * Every chat message: the onboarding conversation (channel 'onboarding', one per user) and the
 * general chat after onboarding (channel 'general', grouped by conversation_id).
 */
export const chatMessages = pgTable(
  'chat_messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    user_id: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: ['onboarding', 'general'] }).notNull(),
    conversation_id: uuid('conversation_id').notNull(),
    role: text('role', { enum: ['user', 'assistant'] }).notNull(),
    content: text('content').notNull(),
    agent_type: text('agent_type').notNull(),
    state: integer('state'),
    /** Which agent answered and how (e.g. its language, tool calls); never returned by the API. */
    meta: jsonb('meta').$type<Record<string, unknown>>(),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('chat_messages_user_channel_idx').on(t.user_id, t.channel, t.id),
    index('chat_messages_conversation_idx').on(t.conversation_id, t.id),
  ],
);

/**
 * Rejected answers of the fitness flow (a 400 VALIDATION_ERROR stores no data, but the funnel
 * counts where users struggle). Pruned with the event log.
 */
export const validationFailures = pgTable(
  'validation_failures',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    user_id: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    flow: text('flow').notNull(),
    state: integer('state').notNull(),
    field: text('field').notNull(),
    agent: text('agent'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('validation_failures_flow_state_idx').on(t.flow, t.state), index('validation_failures_created_idx').on(t.created_at)],
);

/** A conversation with one companion avatar on /api/chat (the agent is fixed for its life). */
export const companionConversations = pgTable(
  'companion_conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    user_id: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    agent_id: text('agent_id').notNull(),
    ...timestamps,
  },
  (t) => [index('companion_conversations_user_idx').on(t.user_id, t.updated_at)],
);

/** The messages of companion conversations; `source` says which adapter wrote an assistant reply. */
export const companionMessages = pgTable(
  'companion_messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    conversation_id: uuid('conversation_id')
      .notNull()
      .references(() => companionConversations.id, { onDelete: 'cascade' }),
    user_id: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['user', 'assistant'] }).notNull(),
    content: text('content').notNull(),
    source: text('source', { enum: ['offline', 'llm'] }),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('companion_messages_conversation_idx').on(t.conversation_id, t.id)],
);

/**
 * Token subjects whose account was deleted, as a SHA-256 hash (no personal content): a token
 * issued before the erasure is refused, a new login afterwards creates a new account.
 */
export const erasedSubjects = pgTable('erased_subjects', {
  sub_hash: text('sub_hash').primaryKey(),
  erased_at: timestamp('erased_at', { withTimezone: true }).notNull().defaultNow(),
});
