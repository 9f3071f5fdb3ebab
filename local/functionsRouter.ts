// Serves every registered function on one port at /<functionName>, each through the
// Functions Framework's own request pipeline (body parsing, rawBody, CloudEvents),
// exactly as it would run alone on Cloud Run.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { getTestServer } from "@google-cloud/functions-framework/testing";

export function functionsRouter(functionNames: readonly string[]): (request: IncomingMessage, response: ServerResponse) => boolean {
  const listeners = new Map<string, RequestListener>();
  for (const name of functionNames) {
    const listener = getTestServer(name).listeners("request")[0] as RequestListener | undefined;
    if (!listener) throw new Error(`Function ${name} has no request listener`);
    listeners.set(name, listener);
  }
  return (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const [, name, ...rest] = url.pathname.split("/");
    const listener = name ? listeners.get(name) : undefined;
    if (!listener) return false;
    request.url = `/${rest.join("/")}${url.search}`;
    listener(request, response);
    return true;
  };
}
