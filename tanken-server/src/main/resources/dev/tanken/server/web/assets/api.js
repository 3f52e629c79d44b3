// The public tanken.v1 API over the Connect protocol's unary JSON form: a POST of the request
// message, an answer in protobuf's JSON mapping, errors as {code, message}.

export class ApiError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const UNREACHABLE = "The server cannot be reached. Check that tanken serve is running, then try again.";

export class Api {
  constructor() {
    this.credentials = null; // {user} with dev sign-in, {token} with OIDC
  }

  headers() {
    const headers = { "Content-Type": "application/json", "Connect-Protocol-Version": "1" };
    if (this.credentials?.user) {
      headers["X-Tanken-User"] = this.credentials.user;
    } else if (this.credentials?.token) {
      headers.Authorization = `Bearer ${this.credentials.token}`;
    }
    return headers;
  }

  async call(service, method, message = {}) {
    let response;
    try {
      response = await fetch(`tanken.v1.${service}/${method}`, {
        method: "POST",
        headers: this.headers(),
        body: JSON.stringify(message),
      });
    } catch {
      throw new ApiError("unavailable", UNREACHABLE);
    }
    return answer(response);
  }

  /**
   * The same call through XMLHttpRequest, which reports upload progress (fetch does not):
   * onProgress(fraction) as the request body goes out.
   */
  callWithProgress(service, method, message, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `tanken.v1.${service}/${method}`);
      for (const [name, value] of Object.entries(this.headers())) {
        xhr.setRequestHeader(name, value);
      }
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) {
          onProgress(e.loaded / e.total);
        }
      };
      xhr.onerror = () => reject(new ApiError("unavailable", UNREACHABLE));
      xhr.onload = () => {
        answer(new Response(xhr.responseText, { status: xhr.status }))
          .then(resolve, reject);
      };
      xhr.send(JSON.stringify(message));
    });
  }
}

async function answer(response) {
  const text = await response.text();
  let body = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = {};
  }
  if (!response.ok) {
    const message = body.message || `The server answered HTTP ${response.status}.`;
    throw new ApiError(body.code || "unknown", message);
  }
  return body;
}
