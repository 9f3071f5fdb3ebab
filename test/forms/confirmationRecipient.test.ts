// Who gets a form's confirmation: the verified respondent, or an address on an allowed domain
// (CONFIRMATION_EMAIL_DOMAINS, default go.id with its subdomains); nobody else.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { confirmationRecipient, type ConfirmationRecipient, type RespondentAddresses } from "../../src/forms/confirmationRecipient.js";

const GO_ID = ["go.id"];

const cases: { name: string; given: RespondentAddresses; domains?: string[]; expected: ConfirmationRecipient }[] = [
  { name: "verified gmail", given: { respondentEmail: "a@gmail.com", respondentEmailVerified: true, proposerEmail: null }, expected: { to: "a@gmail.com", why: "verified" } },
  {
    name: "verified wins over a typed address",
    given: { respondentEmail: "a@gmail.com", respondentEmailVerified: true, proposerEmail: "korban@example.com" },
    expected: { to: "a@gmail.com", why: "verified" },
  },
  { name: "unverified gmail", given: { respondentEmail: "a@gmail.com", respondentEmailVerified: false, proposerEmail: null }, expected: { to: null, why: "not_allowed" } },
  { name: "typed stranger", given: { respondentEmail: "", respondentEmailVerified: false, proposerEmail: "korban@example.com" }, expected: { to: null, why: "not_allowed" } },
  {
    name: "typed city subdomain",
    given: { respondentEmail: "", respondentEmailVerified: false, proposerEmail: "staf@probolinggokota.go.id" },
    expected: { to: "staf@probolinggokota.go.id", why: "allowed_domain" },
  },
  { name: "go.id itself, any case", given: { respondentEmail: "", respondentEmailVerified: false, proposerEmail: "X@GO.ID" }, expected: { to: "X@GO.ID", why: "allowed_domain" } },
  { name: "a look-alike domain", given: { respondentEmail: "", respondentEmailVerified: false, proposerEmail: "a@evilgo.id" }, expected: { to: null, why: "not_allowed" } },
  { name: "go.id only as a subdomain", given: { respondentEmail: "", respondentEmailVerified: false, proposerEmail: "a@go.id.example.com" }, expected: { to: null, why: "not_allowed" } },
  {
    name: "unverified respondent on an allowed domain",
    given: { respondentEmail: "staf@kemendagri.go.id", respondentEmailVerified: false, proposerEmail: "" },
    expected: { to: "staf@kemendagri.go.id", why: "allowed_domain" },
  },
  {
    name: "a narrower city list",
    given: { respondentEmail: "", respondentEmailVerified: false, proposerEmail: "staf@kemendagri.go.id" },
    domains: ["probolinggokota.go.id"],
    expected: { to: null, why: "not_allowed" },
  },
  { name: "an empty list allows only verified", given: { respondentEmail: "", respondentEmailVerified: false, proposerEmail: "a@probolinggokota.go.id" }, domains: [], expected: { to: null, why: "not_allowed" } },
  { name: "no address at all", given: { respondentEmail: "", respondentEmailVerified: false, proposerEmail: null }, expected: { to: null, why: "no_address" } },
];

describe("confirmationRecipient", () => {
  it.each(cases)("$name", ({ given, domains, expected }) => {
    expect(confirmationRecipient(given, domains ?? GO_ID)).toEqual(expected);
  });
});

describe("CONFIRMATION_EMAIL_DOMAINS", () => {
  it.each([
    { value: undefined, domains: ["go.id"] },
    { value: "probolinggokota.go.id, @Jatimprov.go.id", domains: ["probolinggokota.go.id", "jatimprov.go.id"] },
    { value: "", domains: [] },
  ])("$value reads as $domains", ({ value, domains }) => {
    expect(parseConfig(value === undefined ? {} : { CONFIRMATION_EMAIL_DOMAINS: value }).CONFIRMATION_EMAIL_DOMAINS).toEqual(domains);
  });

  it("refuses something that is not a domain, naming the variable", () => {
    expect(() => parseConfig({ CONFIRMATION_EMAIL_DOMAINS: "go.id, bukan domain" })).toThrow(/CONFIRMATION_EMAIL_DOMAINS: bukan nama domain/);
  });
});
