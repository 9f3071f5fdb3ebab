// Who may receive a form's confirmation email. Anyone can fill a form and type any address,
// so labinov writes only to an address Google verified (the form collects verified emails:
// the respondent signed in, and the script reads it with FormResponse.getRespondentEmail()),
// or to one on a domain the city allows (CONFIRMATION_EMAIL_DOMAINS, default go.id).
// https://developers.google.com/apps-script/reference/forms/form-response#getRespondentEmail()
// https://developers.google.com/apps-script/reference/forms/form#getEmailCollectionType()

/** The default of CONFIRMATION_EMAIL_DOMAINS: Indonesian government addresses. */
export const DEFAULT_CONFIRMATION_DOMAINS: readonly string[] = ["go.id"];

export interface RespondentAddresses {
  /** The address the form collected ("" when none). */
  respondentEmail: string;
  /** True only when the form collects verified emails (EmailCollectionType.VERIFIED). */
  respondentEmailVerified: boolean;
  /** The address typed into the "Email pengusul" question, if any. */
  proposerEmail: string | null | undefined;
}

export type ConfirmationRecipient = { to: string; why: "verified" | "allowed_domain" } | { to: null; why: "no_address" | "not_allowed" };

/** True when the address is on one of the domains or on a subdomain of one. */
export function onAllowedDomain(address: string, domains: readonly string[]): boolean {
  const at = address.lastIndexOf("@");
  if (at < 1) return false;
  const domain = address.slice(at + 1).toLowerCase();
  return domains.some((allowed) => domain === allowed || domain.endsWith(`.${allowed}`));
}

export function confirmationRecipient(addresses: RespondentAddresses, allowedDomains: readonly string[]): ConfirmationRecipient {
  const verified = addresses.respondentEmailVerified ? addresses.respondentEmail.trim() : "";
  if (verified) return { to: verified, why: "verified" };
  const candidates = [addresses.proposerEmail?.trim(), addresses.respondentEmail.trim()].filter((address): address is string => Boolean(address));
  if (candidates.length === 0) return { to: null, why: "no_address" };
  const allowed = candidates.find((address) => onAllowedDomain(address, allowedDomains));
  return allowed ? { to: allowed, why: "allowed_domain" } : { to: null, why: "not_allowed" };
}
