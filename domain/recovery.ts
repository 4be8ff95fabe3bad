// What a recovery (POST …/endpoints/:id/recover) carries between its workflow and the database.

/** What a recovery has done so far. */
export interface RecoveryProgress {
  /** Events found with a failed (or skipped) delivery to the endpoint and none delivered. */
  found: number;
  delivered: number;
  failed: number;
}

/** Where a walk through an app's events stands: after this receipt time (PostgreSQL's text) and id. */
export interface RecoveryCursor {
  at: string;
  id: string;
}
