import { randomBytes, randomUUID } from 'node:crypto';
import { argon2id, hash, needsRehash, verify, type HashOptions } from 'argon2';
import type { Database } from '../db/index.js';
import { AppError } from '../errors.js';

/** The values accepted for `gender` at registration (docs/behaviour/operations.md leaves the set to us). */
export const GENDERS = ['female', 'male', 'non_binary', 'other', 'prefer_not_to_say'] as const;
type Gender = (typeof GENDERS)[number];

/** argon2id with the library's defaults (64 MiB, 3 passes, 4 lanes), stated so a change is a rehash. */
export const PASSWORD_HASH_OPTIONS = {
  type: argon2id,
  memoryCost: 65_536,
  timeCost: 3,
  parallelism: 4,
} as const satisfies HashOptions;

interface Registration {
  email: string;
  password: string;
  full_name: string;
  age?: number | null | undefined;
  gender?: Gender | null | undefined;
  height_cm?: number | null | undefined;
  weight_kg?: number | null | undefined;
}

interface Account {
  id: string;
  email: string;
  full_name: string;
  age: number | null;
  gender: string | null;
  height_cm: number | null;
  weight_kg: number | null;
}

/** One message for an unknown email and a wrong password, so the answer reveals neither. */
export const INVALID_CREDENTIALS_MESSAGE = 'Email or password is incorrect';

const EMAIL_INDEX = 'users_email_lower_key';

function isEmailTaken(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code !== '23505') return false;
  if (typeof e.constraint === 'string') return e.constraint === EMAIL_INDEX;
  return typeof e.message === 'string' && e.message.includes(EMAIL_INDEX);
}

/**
 * The service's own accounts: rows of `users` with a password hash, whose JWT `sub` is their id.
 * Statements go straight to the driver rather than through Drizzle, whose query errors carry
 * the parameters (here the hash) in their message, where a log line would pick them up.
 */
export class AccountService {
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly db: Database,
    private readonly hashOptions: HashOptions = PASSWORD_HASH_OPTIONS,
  ) {}

  /** Creates the account; 409 EMAIL_TAKEN when the email (any case) already has one, even in a race. */
  async register(input: Registration): Promise<Account> {
    const passwordHash = await hash(input.password, this.hashOptions);
    const id = randomUUID();
    try {
      const { rows } = await this.db.query<Account>(
        `INSERT INTO users (id, sub, email, full_name, password_hash, age, gender, height_cm, weight_kg)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id, email, full_name, age, gender, height_cm, weight_kg`,
        [
          id,
          id,
          input.email,
          input.full_name,
          passwordHash,
          input.age ?? null,
          input.gender ?? null,
          input.height_cm ?? null,
          input.weight_kg ?? null,
        ],
      );
      return rows[0]!;
    } catch (err) {
      if (isEmailTaken(err)) throw new AppError('EMAIL_TAKEN', 'An account with this email already exists', { field: 'email' });
      throw err;
    }
  }

  /**
   * The account whose email and password match, or 401 INVALID_CREDENTIALS. An unknown email
   * still costs one argon2 verification, so the time taken does not tell which part was wrong.
   */
  async login(email: string, password: string): Promise<Account> {
    const { rows } = await this.db.query<Account & { password_hash: string }>(
      `SELECT id, email, full_name, age, gender, height_cm, weight_kg, password_hash
         FROM users WHERE lower(email) = lower($1) AND password_hash IS NOT NULL`,
      [email],
    );
    const row = rows[0];
    if (!row) {
      await verify(await this.dummy(), password);
      throw new AppError('INVALID_CREDENTIALS', INVALID_CREDENTIALS_MESSAGE);
    }
    if (!(await verify(row.password_hash, password))) {
      throw new AppError('INVALID_CREDENTIALS', INVALID_CREDENTIALS_MESSAGE);
    }
    if (needsRehash(row.password_hash, this.hashOptions)) {
      await this.db.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [
        row.id,
        await hash(password, this.hashOptions),
      ]);
    }
    const { password_hash: _hash, ...account } = row;
    return account;
  }

  /** A hash of a random secret with the same parameters, made once, for unknown emails. */
  private dummy(): Promise<string> {
    this.dummyHash ??= hash(randomBytes(32), this.hashOptions).catch((err: unknown) => {
      this.dummyHash = null;
      throw err;
    });
    return this.dummyHash;
  }
}
