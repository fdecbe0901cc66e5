// The part of mailauth@4's API (plain JavaScript, no bundled types) that sender-auth.ts uses.
declare module "mailauth" {
  type Resolver = (name: string, rrtype: string) => Promise<unknown>;
  interface Status {
    result: string;
    comment?: string;
    aligned?: string | false;
  }
  interface AuthResult {
    dkim: { headerFrom?: string[]; results: { signingDomain?: string; selector?: string; status: Status; info?: string }[] };
    spf: { domain?: string; status: Status; info?: string } | false;
    dmarc: { domain?: string; policy?: string; status: Status; alignment?: unknown; info?: string } | false;
    headers: string;
  }
  export function authenticate(
    message: Buffer | string | NodeJS.ReadableStream,
    opts: {
      ip?: string;
      helo?: string;
      sender?: string;
      mta?: string;
      resolver?: Resolver;
      disableArc?: boolean;
      disableBimi?: boolean;
      trustReceived?: boolean;
    },
  ): Promise<AuthResult>;
}
