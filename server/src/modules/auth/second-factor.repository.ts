import type { Db, Executor } from '../../db/database';

type Role = 'client' | 'recruiter';

/** TOTP factors and recovery codes. */
export const secondFactorRepository = {
  findFactor(db: Db, role: Role, accountId: string) {
    return db
      .selectFrom('totp_factors')
      .select(['secret_sealed', 'enabled_at', 'last_used_step'])
      .where('role', '=', role)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
  },

  /** Which of these accounts have TOTP on (a team's list). */
  async enabledAmong(db: Db, role: Role, accountIds: readonly string[]): Promise<Set<string>> {
    if (accountIds.length === 0) return new Set();
    const rows = await db
      .selectFrom('totp_factors')
      .select('account_id')
      .where('role', '=', role)
      .where('account_id', 'in', accountIds as string[])
      .where('enabled_at', 'is not', null)
      .execute();
    return new Set(rows.map((row) => row.account_id));
  },

  /** A new pending factor, replacing a pending one (never an enabled one). */
  async savePendingFactor(db: Db, row: { role: Role; account_id: string; secret_sealed: string; created_at: string }): Promise<void> {
    await db
      .insertInto('totp_factors')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['role', 'account_id'])
          .doUpdateSet({ secret_sealed: row.secret_sealed, created_at: row.created_at, last_used_step: null })
          .where('totp_factors.enabled_at', 'is', null),
      )
      .execute();
  },

  /** Records `step` as used; false when it (or a later one) was used already. */
  async useStep(db: Db, role: Role, accountId: string, step: number): Promise<boolean> {
    const result = await db
      .updateTable('totp_factors')
      .set({ last_used_step: step })
      .where('role', '=', role)
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  async enableFactor(db: Executor, role: Role, accountId: string, now: string): Promise<void> {
    await db.updateTable('totp_factors').set({ enabled_at: now }).where('role', '=', role).where('account_id', '=', accountId).execute();
  },

  async replaceRecoveryCodes(
    db: Executor,
    role: Role,
    accountId: string,
    rows: { code_hash: string; role: Role; account_id: string; created_at: string }[],
  ): Promise<void> {
    await db.deleteFrom('recovery_codes').where('role', '=', role).where('account_id', '=', accountId).execute();
    await db.insertInto('recovery_codes').values(rows).execute();
  },

  /** Uses a recovery code; false when it is unknown or used. */
  async useRecoveryCode(db: Db, codeHash: string, now: string): Promise<boolean> {
    const result = await db
      .updateTable('recovery_codes')
      .set({ used_at: now })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  async deleteFactor(db: Executor, role: Role, accountId: string): Promise<void> {
    await db.deleteFrom('recovery_codes').where('role', '=', role).where('account_id', '=', accountId).execute();
    await db.deleteFrom('totp_factors').where('role', '=', role).where('account_id', '=', accountId).execute();
  },
};
