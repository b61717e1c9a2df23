// The API client: one error model, and the tokens.
//
// Tokens: the access token lives only in memory (a variable of this module). The refresh token is kept in
// sessionStorage, so that a reload of the tab can sign in again by refreshing; it is never in localStorage (which
// outlives the tab and is shared by every tab of the origin) and never in a cookie (the API takes bearer tokens
// only, so there is no cookie to forge requests with). Refresh tokens rotate on every use and a reused one revokes
// its family (docs/auth.md), so only one refresh runs at a time.
//
// Tabs: a tab opened from this one (window.open, "Duplicate tab") starts with a copy of its sessionStorage, so the
// two hold one refresh token. The tabs of one sign-in therefore share its token chain: a refresh holds a lock of
// that sign-in across tabs (navigator.locks) and publishes the new tokens to its other tabs (BroadcastChannel), and
// a tab that gets the lock refreshes only if no other tab has just done so, with the newest token. Without that, a
// tab's refresh would present a token another tab had rotated away: a reuse, revoking the session of both. Signing
// out, or the session ending, in one tab signs out the others of that sign-in.

const REFRESH_KEY = "tradewind.refreshToken";
const SIGN_IN_KEY = "tradewind.signIn";
const EARLY_REFRESH_MS = 30_000;

let accessToken = null;
let accessExpiresAt = 0;
let refreshing = null;
const listeners = new Set();
const tabs = new BroadcastChannel("tradewind.session");

/**
 * Every failed API call: the API's error model, or API Gateway's own {"message"} answers, or the network.
 * `retryAfter`: the seconds a 429 or 503 asks to wait (its Retry-After), or null.
 */
export class ApiError extends Error {
  constructor(status, code, message, requestId, details, retryAfter = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.details = details || [];
    this.retryAfter = retryAfter;
  }
}

/** Retry-After in seconds: the API sends whole seconds; the HTTP date form is read too. */
function retryAfterSeconds(response) {
  const value = response.headers.get("retry-after");
  if (!value) {
    return null;
  }
  const seconds = /^\d+$/.test(value.trim()) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.max(0, Math.ceil(seconds)) : null;
}

export function onSessionChange(listener) {
  listeners.add(listener);
}

export function signedIn() {
  return accessToken !== null || sessionStorage.getItem(REFRESH_KEY) !== null;
}

/** This tab's sign-in, shared with the tabs opened from it; a tab signed in before there were ids gets one. */
function signInId() {
  if (!sessionStorage.getItem(SIGN_IN_KEY)) {
    sessionStorage.setItem(SIGN_IN_KEY, randomId());
  }
  return sessionStorage.getItem(SIGN_IN_KEY);
}

function adopt(access, expiresAt, refreshToken) {
  accessToken = access;
  accessExpiresAt = expiresAt;
  sessionStorage.setItem(REFRESH_KEY, refreshToken);
  listeners.forEach((listener) => listener(true));
}

/** Tokens of a new sign-in (`signIn`: a fresh id), or of a refresh, which the other tabs of this sign-in adopt. */
function keep(tokens, { signIn = false } = {}) {
  if (signIn) {
    sessionStorage.setItem(SIGN_IN_KEY, randomId());
  }
  adopt(tokens.accessToken, Date.now() + tokens.expiresIn * 1000, tokens.refreshToken);
  if (!signIn) {
    tabs.postMessage({ signIn: signInId(), accessToken, accessExpiresAt, refreshToken: tokens.refreshToken });
  }
}

function forget({ tellTabs = true } = {}) {
  const wasSignedIn = signedIn();
  if (wasSignedIn && tellTabs) {
    tabs.postMessage({ signIn: signInId(), signedOut: true });
  }
  accessToken = null;
  accessExpiresAt = 0;
  sessionStorage.removeItem(REFRESH_KEY);
  sessionStorage.removeItem(SIGN_IN_KEY);
  if (wasSignedIn) {
    listeners.forEach((listener) => listener(false));
  }
}

tabs.onmessage = ({ data }) => {
  if (!sessionStorage.getItem(REFRESH_KEY) || data.signIn !== sessionStorage.getItem(SIGN_IN_KEY)) {
    return; // another sign-in's tab (or this one is signed out)
  }
  if (data.signedOut) {
    forget({ tellTabs: false });
  } else {
    adopt(data.accessToken, data.accessExpiresAt, data.refreshToken);
  }
};

function accessTokenFresh() {
  return accessToken !== null && Date.now() < accessExpiresAt - EARLY_REFRESH_MS;
}

/** Runs `task` while no other tab of this sign-in refreshes (navigator.locks needs a secure context, as 127.0.0.1). */
function inTurn(task) {
  return navigator.locks ? navigator.locks.request(`tradewind.refresh.${signInId()}`, task) : task();
}

async function refresh() {
  if (!sessionStorage.getItem(REFRESH_KEY)) {
    return false;
  }
  if (!refreshing) {
    refreshing = inTurn(async () => {
      // While this tab waited for its turn, another tab of this sign-in may have refreshed and sent its tokens.
      if (accessTokenFresh()) {
        return true;
      }
      const refreshToken = sessionStorage.getItem(REFRESH_KEY);
      if (!refreshToken) {
        return false;
      }
      try {
        keep(await send("POST", "/v1/auth/refresh", { body: { refreshToken }, auth: false }));
        return true;
      } catch (error) {
        if (error.status === 401 || error.status === 400) {
          forget();
          return false;
        }
        throw error;
      }
    }).finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

async function currentToken() {
  return accessTokenFresh() || (await refresh()) ? accessToken : null;
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
  const retryAfter = retryAfterSeconds(response);
  if (data && data.error) {
    throw new ApiError(response.status, data.error.code, data.error.message, data.error.requestId,
      data.error.details, retryAfter);
  }
  const gatewayMessage = data && data.message ? data.message : response.statusText || "Request failed";
  throw new ApiError(response.status, `HTTP_${response.status}`, gatewayMessage,
    response.headers.get("apigw-requestid"), [], retryAfter);
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
  keep(await send("POST", "/v1/auth/login", { body: { email, password }, auth: false }), { signIn: true });
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

/**
 * A form's creating request, made once per submission: its Idempotency-Key is made with the form and replaced only
 * once the API has answered with what it created or refused it (a 4xx stores nothing), so a double click or a retry
 * after a lost answer sends the same key and the API creates it once. A 5xx or no answer at all leaves the outcome
 * unknown (it may have been created before a timeout): the key is kept.
 */
export function oncePerSubmission() {
  let key = randomId();
  return async (method, path, options = {}) => {
    let answer;
    try {
      answer = await api(method, path, { ...options, headers: { ...options.headers, "idempotency-key": key } });
    } catch (error) {
      if (error.status >= 400 && error.status < 500) {
        key = randomId();
      }
      throw error;
    }
    key = randomId();
    return answer;
  };
}

function randomId() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
