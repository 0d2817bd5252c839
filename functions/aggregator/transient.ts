// Which errors are worth retrying (暂时性错误): throttling, write conflicts, the store briefly
// unreachable or failing on its side. Everything else is about the data or the code and is not
// retried: the aggregator isolates the entity it concerns instead of failing the whole batch.

const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TransactionConflictException',
  'TransactionInProgressException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);
const TRANSIENT_REASONS = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
  'InternalServerError',
]);

export function isTransient(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const err = e as {
    name?: string;
    code?: string;
    cause?: unknown;
    $metadata?: { httpStatusCode?: number };
    CancellationReasons?: Array<{ Code?: string }>;
  };
  if (err.name && TRANSIENT_NAMES.has(err.name)) return true;
  if (err.code && TRANSIENT_CODES.has(err.code)) return true;
  if (err.name === 'TransactionCanceledException') {
    const reasons = (err.CancellationReasons ?? []).map((r) => r.Code ?? 'None').filter((c) => c !== 'None');
    return reasons.length > 0 && reasons.every((c) => TRANSIENT_REASONS.has(c));
  }
  if ((err.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  return err.cause !== undefined && err.cause !== e && isTransient(err.cause);
}
