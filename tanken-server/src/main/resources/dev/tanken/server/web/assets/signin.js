// Who the caller is: with --auth dev a user name (sent as X-Tanken-User), with --auth oidc a Google
// ID token from Google Identity Services (sent as a bearer token). Either is checked with GetMe.
/* global google */

const $ = (id) => document.getElementById(id);
const DEV_KEY = "tanken.user";
const TOKEN_KEY = "tanken.idToken";

export class SignIn {
  constructor(api, config, status, onChange) {
    this.api = api;
    this.config = config;
    this.status = status;
    this.onChange = onChange;
    this.username = null;
    $("signout").addEventListener("click", () => this.signOut());
  }

  name() {
    return this.username;
  }

  start() {
    if (this.config.auth === "oidc") {
      this.startGoogle();
      const token = sessionStorage.getItem(TOKEN_KEY);
      if (token) {
        this.use({ token });
      } else {
        this.signedOut();
      }
      return;
    }
    $("signin").addEventListener("submit", (e) => {
      e.preventDefault();
      const name = $("signin-name").value.trim();
      if (name) {
        this.use({ user: name });
      }
    });
    const saved = localStorage.getItem(DEV_KEY);
    if (saved) {
      this.use({ user: saved });
    } else {
      this.signedOut();
    }
  }

  async use(credentials) {
    this.api.credentials = credentials;
    try {
      const me = await this.api.call("UserService", "GetMe", {});
      this.username = me.user?.username ?? credentials.user ?? null;
      if (credentials.user) {
        localStorage.setItem(DEV_KEY, credentials.user);
      } else {
        sessionStorage.setItem(TOKEN_KEY, credentials.token);
      }
      $("me-name").textContent = this.username;
      $("me").hidden = false;
      $("signin").hidden = true;
      $("google-signin").hidden = true;
      this.onChange();
    } catch (error) {
      this.status.failed("Could not sign in", error);
      this.signOut();
    }
  }

  signOut() {
    localStorage.removeItem(DEV_KEY);
    sessionStorage.removeItem(TOKEN_KEY);
    this.api.credentials = null;
    this.username = null;
    this.signedOut();
    this.onChange();
  }

  signedOut() {
    $("me").hidden = true;
    $("signin").hidden = this.config.auth === "oidc";
    $("google-signin").hidden = this.config.auth !== "oidc";
  }

  startGoogle() {
    const script = document.createElement("script");
    script.src = "https://accounts.google.com/gsi/client";
    script.async = true;
    script.onload = () => {
      google.accounts.id.initialize({
        client_id: this.config.clientId,
        callback: ({ credential }) => this.use({ token: credential }),
      });
      google.accounts.id.renderButton($("google-signin"), { theme: "outline", size: "medium" });
    };
    script.onerror = () => {
      $("google-signin").textContent = "Google sign-in could not be loaded; you can still browse.";
    };
    document.head.append(script);
  }
}
