// The dashboard's entry point: hash routes (static hosting needs no server-side routing), the account corner.
import { onSessionChange, resume, signedIn, signOut } from "./api.js";
import { h, replace, titlePage } from "./dom.js";
import { errorBox } from "./ui.js";
import { signInView, signUpView } from "./views/account.js";
import { marketsView, instrumentView } from "./views/markets.js";
import { signalsView, modelsView } from "./views/signals.js";
import { sessionsView, sessionView } from "./views/trading.js";
import { behaviorView, reportView } from "./views/behavior.js";
import { allocateView } from "./views/allocate.js";

const routes = [
  [/^\/signin$/, signInView, false],
  [/^\/signup$/, signUpView, false],
  [/^\/markets$/, marketsView, true],
  [/^\/markets\/([A-Za-z0-9.^=_-]+)$/, instrumentView, true],
  [/^\/signals$/, signalsView, true],
  [/^\/models$/, modelsView, true],
  [/^\/trading$/, sessionsView, true],
  [/^\/trading\/([A-Za-z0-9]+)$/, sessionView, true],
  [/^\/allocate$/, allocateView, true],
  [/^\/behavior$/, behaviorView, true],
  [/^\/behavior\/([A-Za-z0-9]+)$/, reportView, true],
];

const main = document.getElementById("main");

/** The hash without '#' (the page, query included), split into its path and its query ("#/trading/ID?trade=T"). */
function location() {
  const hash = window.location.hash.replace(/^#/, "") || "/markets";
  const [path, query = ""] = hash.split("?");
  return { page: hash, path, params: new URLSearchParams(query) };
}

export function navigate(path) {
  window.location.hash = `#${path}`;
}

function render() {
  const { page, path, params } = location();
  const route = routes.find(([pattern]) => pattern.test(path));
  if (!route) {
    replace(main, h("h1", {}, "Not found"), h("p", {}, "No page here. ", h("a", { href: "#/markets" }, "Go to the markets.")));
    return;
  }
  const [pattern, view, needsAccount] = route;
  if (needsAccount && !signedIn()) {
    navigate(`/signin?next=${encodeURIComponent(page)}`);
    return;
  }
  const match = path.match(pattern);
  try {
    replace(main, view({ args: match.slice(1).map(decodeURIComponent), params, navigate }));
  } catch (error) {
    replace(main, errorBox(error));
  }
  document.querySelectorAll("#nav a").forEach((link) => {
    const current = path.startsWith(link.getAttribute("href").slice(1));
    if (current) {
      link.setAttribute("aria-current", "page");
    } else {
      link.removeAttribute("aria-current");
    }
  });
  const heading = main.querySelector("h1");
  titlePage(heading && heading.textContent);
  main.focus({ preventScroll: true });
}

function renderAccount() {
  const corner = document.getElementById("account");
  if (signedIn()) {
    replace(corner, h("button", {
      type: "button",
      dataset: { test: "sign-out" },
      onclick: async () => {
        await signOut();
        navigate("/signin");
      },
    }, "Sign out"));
  } else {
    replace(corner, h("a", { href: "#/signin" }, "Sign in"), " ", h("a", { href: "#/signup" }, "Sign up"));
  }
}

onSessionChange((isSignedIn) => {
  renderAccount();
  const { page, path } = location();
  if (!isSignedIn && path !== "/signin" && path !== "/signup") {
    // Back to this page (with its query: a highlighted trade) once signed in again, as when it is opened signed out.
    navigate(`/signin?next=${encodeURIComponent(page)}`);
  }
});
window.addEventListener("hashchange", render);
// The routes live in the hash, so the skip link's own "#main" would leave the page for "Not found": it moves the
// focus instead.
document.querySelector("a.skip").addEventListener("click", (event) => {
  event.preventDefault();
  main.focus();
});

resume().then(() => {
  renderAccount();
  render();
});
