/** Every error we raise on purpose carries a stable code and says whether retrying can help. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The vendor refused for good (bad number, blocked, invalid auth): retrying changes nothing. */
export class PermanentSendError extends AppError {
  constructor(
    code: string,
    message: string,
    readonly vendorCode?: string,
  ) {
    super(code, message, false);
  }
}

/** The vendor did not accept the request and said so; trying again later is safe. */
export class RetryLaterError extends AppError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(code, message, true);
  }
}

/**
 * The request may have taken effect (timeout, 5xx, connection reset): retried like RetryLaterError,
 * but whoever retries must first check whether it did, or the retry may do it twice.
 */
export class OutcomeUnknownRetryError extends RetryLaterError {}

/** The request may or may not have reached the vendor; a retry could duplicate it. */
export class UnknownOutcomeError extends AppError {
  constructor(code: string, message: string) {
    super(code, message, false);
  }
}

/** Input from outside was rejected; maps to a 4xx with this message. */
export class BadInputError extends AppError {
  constructor(
    code: string,
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 = 400,
  ) {
    super(code, message, false);
  }
}

/**
 * The vendor refused with an error we do not know. Retried like RetryLaterError, but only a few
 * times: an unknown refusal that repeats is treated as permanent, so it holds nothing up for days.
 */
export class UnrecognizedVendorError extends RetryLaterError {}
