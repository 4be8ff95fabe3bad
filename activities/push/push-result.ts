/**
 * One push's result, the same for every provider: delivered; the token is dead (remove the device,
 * tell the app); the credential is refused (mark it failing; never the device's fault); retry
 * later (429, 5xx, no answer); the target is refused by policy (misconfigured); or failed for good.
 */
export interface PushResult {
  outcome: 'delivered' | 'token-dead' | 'credential-failing' | 'retry' | 'misconfigured' | 'failed';
  statusCode?: number;
  /** The provider's reason: APNs `reason`, FCM `errorCode` or status. */
  reason?: string;
  error?: string;
  /** Seconds the provider asked to wait (FCM's Retry-After). */
  retryAfter?: string;
  providerId?: string;
  /**
   * For a dead token: since when the provider has held it invalid (APNs' 410 `timestamp`). A
   * device registered again after that is alive, and stays.
   */
  invalidSince?: number;
  latencyMs: number;
}
