import { createHash, randomInt } from 'node:crypto';
import type { TotpEnabled, TotpEnrolment } from '#contract';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { Db } from '../../db/database';
import { AppError } from '../../http/errors';
import type { FailureLimit } from '../../http/failure-limits';
import { createSealer } from '../../crypto/sealing';
import { secondFactorRepository as repo } from './second-factor.repository';
import type { Role } from './tokens';

const ISSUER = 'Hirelink';
const PERIOD_SECONDS = 30;
/** A code of the step before or after is accepted too: phones' clocks drift, and people are slow to type. */
const WINDOW_STEPS = 1;
const RECOVERY_CODE_COUNT = 10;
/** No 0/o, 1/l/i: read off paper and typed back. 31 symbols × 10 ≈ 50 bits, each good once. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const RECOVERY_CODE_LENGTH = 10;

export interface SecondFactorDeps {
  db: Db;
  /** Keys the sealing of TOTP secrets at rest. */
  secret: string;
  /** Wrong codes per account, wherever they come from. */
  failures: FailureLimit;
}

const wrongCode = () =>
  new AppError('wrong_mfa_code', 'That code is not right, or was used already. Enter the current code from your authenticator app.');

/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30 s) as a second factor, with single-use recovery codes.
 * A code is accepted once: the account's last accepted step is written by a conditional update,
 * so of two requests with one code (on any instances) only one wins.
 */
export function createSecondFactor({ db, secret, failures }: SecondFactorDeps) {
  const sealer = createSealer(secret, 'hirelink totp secrets');

  function totpOf(secretBase32: string, label: string): TOTP {
    return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
  }

  async function acceptTotp(role: Role, accountId: string, code: string, enabled: boolean): Promise<boolean> {
    const factor = await repo.findFactor(db, role, accountId);
    if (!factor || (factor.enabled_at !== null) !== enabled) return false;
    const secretBase32 = sealer.open(factor.secret_sealed);
    if (!secretBase32) return false;
    const totp = totpOf(secretBase32, '');
    const now = Date.now();
    const delta = totp.validate({ token: code, timestamp: now, window: WINDOW_STEPS });
    if (delta === null) return false;
    const step = totp.counter({ timestamp: now }) + delta;
    return repo.useStep(db, role, accountId, step);
  }

  async function acceptRecoveryCode(role: Role, accountId: string, code: string): Promise<boolean> {
    return repo.useRecoveryCode(db, hashRecoveryCode(role, accountId, code), new Date().toISOString());
  }

  /** A TOTP code or a recovery code for the account's enabled factor; wrong ones count towards its limit. */
  async function check(role: Role, accountId: string, rawCode: string, context: Record<string, unknown>, { enabled = true } = {}): Promise<void> {
    const key = `${role}:${accountId}`;
    await failures.assertAllowed(key, context);
    const code = normaliseCode(rawCode);
    const accepted = /^\d{6}$/.test(code)
      ? await acceptTotp(role, accountId, code, enabled)
      : enabled && code.length === RECOVERY_CODE_LENGTH && (await acceptRecoveryCode(role, accountId, code));
    if (!accepted) {
      await failures.recordFailure(key, context);
      throw wrongCode();
    }
  }

  return {
    async isEnabled(role: Role, accountId: string): Promise<boolean> {
      const factor = await repo.findFactor(db, role, accountId);
      return factor?.enabled_at != null;
    },

    enabledAmong(role: Role, accountIds: readonly string[]): Promise<Set<string>> {
      return repo.enabledAmong(db, role, accountIds);
    },

    /** A new secret, waiting for its first code; one already waiting is replaced. */
    async startEnrolment(role: Role, accountId: string, email: string): Promise<TotpEnrolment> {
      const existing = await repo.findFactor(db, role, accountId);
      if (existing?.enabled_at) throw new AppError('mfa_already_enabled', 'Two-step sign-in is on already; turn it off first to set up another app.');
      const secretBase32 = new Secret({ size: 20 }).base32;
      await repo.savePendingFactor(db, {
        role,
        account_id: accountId,
        secret_sealed: sealer.seal(secretBase32),
        created_at: new Date().toISOString(),
      });
      const otpauthUrl = totpOf(secretBase32, email).toString();
      const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return { otpauth_url: otpauthUrl, qr_svg: qrSvg };
    },

    /** Turns TOTP on with a first code from the app, and hands out the recovery codes (shown once). */
    async confirmEnrolment(role: Role, accountId: string, code: string, context: Record<string, unknown>): Promise<TotpEnabled> {
      const factor = await repo.findFactor(db, role, accountId);
      if (!factor) throw new AppError('mfa_not_started', 'Start setting up two-step sign-in first (POST /v1/auth/mfa/totp).');
      if (factor.enabled_at) throw new AppError('mfa_already_enabled', 'Two-step sign-in is on already.');
      await check(role, accountId, code, context, { enabled: false });
      const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
      const now = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        await repo.enableFactor(trx, role, accountId, now);
        await repo.replaceRecoveryCodes(
          trx,
          role,
          accountId,
          recoveryCodes.map((shown) => ({
            code_hash: hashRecoveryCode(role, accountId, normaliseCode(shown)),
            role,
            account_id: accountId,
            created_at: now,
          })),
        );
      });
      return { recovery_codes: recoveryCodes };
    },

    /** Turns TOTP off, given a code (or a recovery code); the recovery codes go with it. */
    async disable(role: Role, accountId: string, code: string, context: Record<string, unknown>): Promise<void> {
      if (!(await this.isEnabled(role, accountId))) throw new AppError('mfa_not_enabled', 'Two-step sign-in is not on.');
      await check(role, accountId, code, context);
      await db.transaction().execute(async (trx) => {
        await repo.deleteFactor(trx, role, accountId);
      });
    },

    /** The second step of a sign-in: throws unless the code is right and unused. */
    verifySignIn(role: Role, accountId: string, code: string, context: Record<string, unknown>): Promise<void> {
      return check(role, accountId, code, context);
    },
  };
}

export type SecondFactor = ReturnType<typeof createSecondFactor>;

/** Spaces and dashes are for reading; case is not a recovery code's. */
function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}

function newRecoveryCode(): string {
  const symbols = Array.from({ length: RECOVERY_CODE_LENGTH }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return `${symbols.slice(0, 5)}-${symbols.slice(5)}`;
}

/** Each code is single-use, rate-limited and tied to its account, so a fast hash is enough. */
function hashRecoveryCode(role: Role, accountId: string, normalised: string): string {
  return createHash('sha256').update(`recovery code\0${role}:${accountId}\0${normalised}`).digest('base64url');
}
