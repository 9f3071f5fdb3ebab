// Domain-wide delegation without a key file. Cloud Run's own credentials cannot act as a
// Workspace user (they ignore `subject`), so we make the delegation token ourselves: the
// service account signs a JWT naming the mailbox (GoogleAuth.sign goes through IAM
// signBlob when there is no private key, and signs locally when there is one), and Google's
// token endpoint trades it for an access token that acts as that mailbox.
// The auth classes of the Gmail client's own google-auth-library, so the client accepts them.
import { auth as google } from "@googleapis/gmail";
import { GoogleApiError } from "../google/apiError.js";

type GoogleAuth = InstanceType<typeof google.GoogleAuth>;
type OAuth2Client = InstanceType<typeof google.OAuth2>;

export const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";

export interface DelegationOptions {
  /** The Workspace mailbox to act as. */
  subject: string;
  scope: string;
  /** Overridable only so the flow can be exercised off Google. */
  tokenUrl?: string;
  auth?: GoogleAuth;
}

export type { GoogleAuth };

const base64url = (text: string) => Buffer.from(text).toString("base64url");

export function delegatedClient(options: DelegationOptions): OAuth2Client {
  const auth = options.auth ?? new google.GoogleAuth({ scopes: ["https://www.googleapis.com/auth/cloud-platform"] });
  const tokenUrl = options.tokenUrl ?? GOOGLE_TOKEN_URL;
  const client: OAuth2Client = new google.OAuth2();
  client.refreshHandler = async () => {
    const { client_email: issuer } = await auth.getCredentials();
    if (!issuer) throw new Error("Akun layanan tidak diketahui: kredensial tanpa client_email");
    const issuedAt = Math.floor(Date.now() / 1000);
    const unsigned = `${base64url(JSON.stringify({ alg: "RS256", typ: "JWT" }))}.${base64url(
      JSON.stringify({ iss: issuer, sub: options.subject, scope: options.scope, aud: tokenUrl, iat: issuedAt, exp: issuedAt + 3600 }),
    )}`;
    const signature = Buffer.from(await auth.sign(unsigned), "base64").toString("base64url");
    const response = await fetch(tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion: `${unsigned}.${signature}` }),
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
    if (!response.ok || !body.access_token) {
      throw new GoogleApiError(response.status, body.error ?? "?", body.error_description ?? "token delegasi ditolak", `getting a delegated token for ${options.subject}`);
    }
    return { access_token: body.access_token, expiry_date: Date.now() + (body.expires_in ?? 3600) * 1000 };
  };
  return client;
}
