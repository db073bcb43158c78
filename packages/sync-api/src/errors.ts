import { isLineageError, type LineageError } from '@lineage/errors';

/** HTTP statuses by error kind, then by the few codes that mean something more precise. */
const BY_CODE: Record<string, number> = {
  LOCK_TIMEOUT: 503,
  UPSTREAM_UNREACHABLE: 502,
  UPSTREAM_AUTH_FAILED: 502,
  UPSTREAM_FAILED: 502,
  TARGET_EXISTS: 409,
  UNSAFE_PATH: 422,
  UNSAFE_SYMLINK: 422,
  UPSTREAM_SUBMODULE: 422,
  ARTIFACT_FILE_TOO_LARGE: 422,
  ARTIFACT_TOO_LARGE: 422,
  ARTIFACT_TOO_MANY_FILES: 422,
};
const BY_KIND: Record<LineageError['kind'], number> = { usage: 400, 'not-found': 404, conflict: 409, failure: 500 };

export interface ErrorResponse {
  status: number;
  body: {
    error: { code: string; message: string; hint?: string; details?: Record<string, unknown>; trace_id?: string };
  };
}

/** What an error thrown by a handler becomes: our errors keep their code and hint; anything else is a 500 without internals. */
export function errorResponse(error: unknown): ErrorResponse {
  if (!isLineageError(error))
    return {
      status: 500,
      body: { error: { code: 'UNEXPECTED', message: 'unexpected server error', hint: 'see the server’s log' } },
    };
  const { trace_id, ...details } = error.details as Record<string, unknown>;
  return {
    status: BY_CODE[error.code] ?? BY_KIND[error.kind],
    body: {
      error: {
        code: error.code,
        message: error.message,
        ...(error.hint ? { hint: error.hint } : {}),
        ...(Object.keys(details).length ? { details } : {}),
        ...(typeof trace_id === 'string' ? { trace_id } : {}),
      },
    },
  };
}
