// The one fetch wrapper of the web app: every call to the ServicePulse API goes through apiFetch.
// It sends the session's bearer token, speaks JSON, and turns every failure — an API error, a
// network failure, an answer that is not JSON — into an ApiError shaped like the API's error body,
// so pages show one kind of error in either language. (The few errors made here carry both
// languages themselves, like the API's, so this module needs no i18n.)

/** The API's error body: `{ error: { code, message, messageZh, details? } }`. */
export interface ApiFieldError {
  path: string;
  code: string;
  message: string;
  messageZh: string;
}
export interface ApiErrorBody {
  code: string;
  message: string;
  messageZh: string;
  details?: ApiFieldError[];
}

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }

  get code(): string {
    return this.body.code;
  }
}

/**
 * sessionStorage key of the bearer token. The API docs page (public/api-docs/init.js) reads the same
 * key to pre-authorize "Try it out"; change both together.
 */
export const TOKEN_STORAGE_KEY = 'servicepulse.token';

export function getToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null; // storage disabled (privacy mode): behave as signed out
  }
}

export function setToken(token: string): void {
  sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
}

export function clearToken(): void {
  try {
    sessionStorage.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    /* nothing stored */
  }
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/**
 * Called when the stored session token is refused (401): it expired or was signed out elsewhere.
 * Not called for requests that carry an explicit token or none (a failed sign-in is not an expiry).
 */
export function onSessionRejected(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Use this bearer token instead of the session's (to verify a pasted token before storing it). */
  token?: string;
  /** Send no credential at all (sign-in). */
  anonymous?: boolean;
  signal?: AbortSignal;
}

/** Calls the API at `path` (e.g. `/v1/me`); resolves with the parsed JSON (undefined for 204). */
export async function apiFetch<T>(path: string, req: ApiRequest = {}): Promise<T> {
  const sessionToken = req.anonymous || req.token !== undefined ? null : getToken();
  const token = req.anonymous ? null : (req.token ?? sessionToken);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (req.body !== undefined) headers['Content-Type'] = 'application/json';

  let res: Response;
  try {
    res = await fetch(path, {
      method: req.method ?? (req.body === undefined ? 'GET' : 'POST'),
      headers,
      body: req.body === undefined ? null : JSON.stringify(req.body),
      signal: req.signal ?? null,
      credentials: 'same-origin',
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, {
      code: 'network',
      message: 'Cannot reach the server. Check the network connection and try again.',
      messageZh: '无法连接服务器，请检查网络后重试。',
    });
  }

  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown;
  try {
    data = text === '' ? undefined : JSON.parse(text);
  } catch {
    data = undefined;
  }

  if (!res.ok) {
    if (res.status === 401 && sessionToken) for (const l of unauthorizedListeners) l();
    throw new ApiError(
      res.status,
      isErrorBody(data)
        ? data.error
        : {
            code: res.status === 401 ? 'unauthorized' : 'http_error',
            message: `The server answered ${res.status} ${res.statusText}.`.replace(' .', '.'),
            messageZh: `服务器返回错误 ${res.status}。`,
          },
    );
  }
  if (data === undefined && text !== '') {
    throw new ApiError(res.status, {
      code: 'bad_response',
      message: 'The server answered with something that is not JSON (is the API running behind /v1?).',
      messageZh: '服务器返回的不是 JSON（请确认 /v1 接口服务已启动）。',
    });
  }
  return data as T;
}

/**
 * Downloads a file the API makes (a report's PDF, XLSX, CSV) with the session's token, as a Blob.
 * Failures become ApiErrors exactly as in apiFetch (the API's error body is JSON).
 */
export async function apiFetchBlob(path: string, req: { signal?: AbortSignal } = {}): Promise<Blob> {
  const token = getToken();
  let res: Response;
  try {
    res = await fetch(path, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      signal: req.signal ?? null,
      credentials: 'same-origin',
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, {
      code: 'network',
      message: 'Cannot reach the server. Check the network connection and try again.',
      messageZh: '无法连接服务器，请检查网络后重试。',
    });
  }
  if (res.ok) return res.blob();
  let data: unknown;
  try {
    data = JSON.parse(await res.text());
  } catch {
    data = undefined;
  }
  if (res.status === 401 && token) for (const l of unauthorizedListeners) l();
  throw new ApiError(
    res.status,
    isErrorBody(data)
      ? data.error
      : { code: 'http_error', message: `The server answered ${res.status}.`, messageZh: `服务器返回错误 ${res.status}。` },
  );
}

function isErrorBody(v: unknown): v is { error: ApiErrorBody } {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const e = (v as { error: unknown }).error;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as ApiErrorBody).message === 'string' &&
    typeof (e as ApiErrorBody).messageZh === 'string'
  );
}

/** Path segment for a URL, e.g. a department code or key id. */
export const seg = (s: string) => encodeURIComponent(s);

/**
 * Sends a file as the request body (a CSV or XLSX sheet to import) with its own content type, and
 * resolves with the JSON answer. Failures become ApiErrors exactly as in apiFetch.
 */
export async function apiUpload<T>(path: string, file: Blob, contentType: string): Promise<T> {
  const token = getToken();
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': contentType, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: file,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, {
      code: 'network',
      message: 'Cannot reach the server. Check the network connection and try again.',
      messageZh: '无法连接服务器，请检查网络后重试。',
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(await res.text());
  } catch {
    data = undefined;
  }
  if (res.ok) return data as T;
  if (res.status === 401 && token) for (const l of unauthorizedListeners) l();
  throw new ApiError(
    res.status,
    isErrorBody(data)
      ? data.error
      : { code: 'http_error', message: `The server answered ${res.status}.`, messageZh: `服务器返回错误 ${res.status}。` },
  );
}
