import { signIn, signUp } from "../api.js";
import { h } from "../dom.js";
import { field, form, input } from "../ui.js";

function next(params) {
  const target = params.get("next") || "/markets";
  return target.startsWith("/") ? target : "/markets";
}

export function signInView({ params, navigate }) {
  return h("div", { class: "narrow" },
    h("h1", {}, "Sign in"),
    form({ submitLabel: "Sign in", dataset: { test: "sign-in" } }, [
      field("Email", input("email", { type: "email", autocomplete: "username", required: true })),
      field("Password", input("password", { type: "password", autocomplete: "current-password", required: true })),
    ], async (data) => {
      await signIn(data.get("email"), data.get("password"));
      navigate(next(params));
    }),
    h("p", {}, "No account yet? ", h("a", { href: "#/signup" }, "Sign up")));
}

export function signUpView({ navigate }) {
  return h("div", { class: "narrow" },
    h("h1", {}, "Sign up"),
    form({ submitLabel: "Create account", dataset: { test: "sign-up" } }, [
      field("Name", input("displayName", { autocomplete: "name", required: true, maxlength: 64 })),
      field("Email", input("email", { type: "email", autocomplete: "username", required: true })),
      field("Password", input("password", { type: "password", autocomplete: "new-password", required: true }),
        "10 to 128 characters, not a common password; a passphrase of a few words is best."),
    ], async (data) => {
      await signUp(data.get("email"), data.get("password"), data.get("displayName"));
      navigate("/markets");
    }),
    h("p", {}, "Have an account? ", h("a", { href: "#/signin" }, "Sign in")));
}
