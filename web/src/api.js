// The API client: one error model, and the tokens.
//
// Tokens: the access token lives only in memory (a variable of this module). The refresh token is kept in
// sessionStorage, so that a reload of the tab can sign in again by refreshing; it is never in localStorage (which
// outlives the tab and is shared by every tab of the origin) and never in a cookie (the API takes bearer tokens
// only, so there is no cookie to forge requests with). Refresh tokens rotate on every use and a reused one revokes
// its family (docs/auth.md), so only one refresh runs at a time.

const REFRESH_KEY = "tradewind.refreshToken";
const EARLY_REFRESH_MS = 30_000;

let accessToken = null;
let accessExpiresAt = 0;
let refreshing = null;
const listeners = new Set();

/** Every failed API call: the API's error model, or API Gateway's own {"message"} answers, or the network. */
export class ApiError extends Error {
  constructor(status, code, message, requestId, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.details = details || [];
  }
}

export function onSessionChange(listener) {
  listeners.add(listener);
}

export function signedIn() {
  return accessToken !== null || sessionStorage.getItem(REFRESH_KEY) !== null;
}

function keep(tokens) {
  accessToken = tokens.accessToken;
  accessExpiresAt = Date.now() + tokens.expiresIn * 1000;
  sessionStorage.setItem(REFRESH_KEY, tokens.refreshToken);
  listeners.forEach((listener) => listener(true));
}

function forget() {
  const wasSignedIn = signedIn();
  accessToken = null;
  accessExpiresAt = 0;
  sessionStorage.removeItem(REFRESH_KEY);
  if (wasSignedIn) {
    listeners.forEach((listener) => listener(false));
  }
}

async function refresh() {
  const refreshToken = sessionStorage.getItem(REFRESH_KEY);
  if (!refreshToken) {
    return false;
  }
  if (!refreshing) {
    refreshing = send("POST", "/v1/auth/refresh", { body: { refreshToken }, auth: false })
      .then((tokens) => {
        keep(tokens);
        return true;
      })
      .catch((error) => {
        if (error.status === 401 || error.status === 400) {
          forget();
          return false;
        }
        throw error;
      })
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

async function currentToken() {
  if (accessToken && Date.now() < accessExpiresAt - EARLY_REFRESH_MS) {
    return accessToken;
  }
  return (await refresh()) ? accessToken : null;
}

async function send(method, path, { body, contentType, headers = {}, auth = true } = {}) {
  const requestHeaders = { accept: "application/json", ...headers };
  let payload;
  if (body !== undefined) {
    requestHeaders["content-type"] = contentType || "application/json";
    payload = typeof body === "string" ? body : JSON.stringify(body);
  }
  if (auth) {
    const token = await currentToken();
    if (!token) {
      throw new ApiError(401, "SIGNED_OUT", "Sign in to continue.");
    }
    requestHeaders.authorization = `Bearer ${token}`;
  }
  let response;
  try {
    response = await fetch(path, { method, headers: requestHeaders, body: payload, cache: "no-store" });
  } catch (e) {
    throw new ApiError(0, "NETWORK", "The API cannot be reached. Check your connection and try again.");
  }
  const text = await response.text();
  let data = null;
  if (text && (response.headers.get("content-type") || "").includes("json")) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = null;
    }
  }
  if (response.ok) {
    return data;
  }
  if (data && data.error) {
    throw new ApiError(response.status, data.error.code, data.error.message, data.error.requestId,
      data.error.details);
  }
  const gatewayMessage = data && data.message ? data.message : response.statusText || "Request failed";
  throw new ApiError(response.status, `HTTP_${response.status}`, gatewayMessage,
    response.headers.get("apigw-requestid"));
}

/** A call as the signed-in user; a 401 (a token revoked or expired early) refreshes once and retries. */
export async function api(method, path, options = {}) {
  try {
    return await send(method, path, options);
  } catch (error) {
    if (error.status === 401 && options.auth !== false && error.code !== "SIGNED_OUT") {
      accessToken = null;
      if (await refresh()) {
        return send(method, path, options);
      }
      forget();
    }
    throw error;
  }
}

export async function signIn(email, password) {
  keep(await send("POST", "/v1/auth/login", { body: { email, password }, auth: false }));
}

export async function signUp(email, password, displayName) {
  await send("POST", "/v1/auth/register", { body: { email, password, displayName }, auth: false });
  await signIn(email, password);
}

export async function signOut() {
  try {
    if (signedIn()) {
      await api("POST", "/v1/auth/logout");
    }
  } finally {
    forget();
  }
}

/** On load: a refresh token from this tab's earlier page gives a new access token (and rotates). */
export async function resume() {
  if (sessionStorage.getItem(REFRESH_KEY)) {
    try {
      await refresh();
    } catch (e) {
      // The API is unreachable: keep the refresh token, the next call tries again.
    }
  }
  return signedIn();
}

/** `path` with a list route's page `cursor` added to its query; without a cursor, the first page. */
export function withCursor(path, cursor) {
  return cursor ? `${path}${path.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(cursor)}` : path;
}

/**
 * The pages of a list route (the API pages with nextCursor), for lists a person reads whole: the first `limit` items,
 * or more while `more(items)` asks for them; `cut` says the route may hold items after the ones returned, and `all`
 * holds every item read, those past the limit too.
 */
export async function everything(path, limit = 500, more = () => false) {
  const items = [];
  let cursor = null;
  do {
    const page = await api("GET", withCursor(path, cursor));
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && (items.length < limit || more(items)));
  return { items: items.slice(0, limit), cut: Boolean(cursor) || items.length > limit, all: items };
}

/** A key for one submission of a form: the same key on a retry or double click, a new one after an answer. */
export function idempotencyKey() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
