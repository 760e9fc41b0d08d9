// A real OpenID Connect provider for the test suite: panva/oidc-provider (OpenID Certified),
// with GビズID-shaped accounts. Started by tests/oidc_provider/harness.py, never in production.
//
// Environment:
//   OIDC_PORT           port on 127.0.0.1 (required)
//   OIDC_CLIENT_ID      the portal's client id (default: secaction-test)
//   OIDC_CLIENT_SECRET  its secret (default: secaction-test-secret)
//   OIDC_REDIRECT_URIS  comma-separated redirect URIs the client may use
//   OIDC_ACCOUNTS_FILE  JSON of accounts keyed by login name (default: accounts.json beside this file)
//
// Log-in: the provider's own development interaction pages (a login form: any password is accepted
// for a known login name, then a consent page). Authorization code flow only, PKCE required.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Provider from 'oidc-provider';

const here = dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.OIDC_PORT);
if (!port) {
  console.error('OIDC_PORT is required');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;
const accountsFile = process.env.OIDC_ACCOUNTS_FILE || join(here, 'accounts.json');
const accounts = JSON.parse(readFileSync(accountsFile, 'utf8'));
delete accounts._comment;

const GBIZ_CLAIMS = [
  'account_type', 'corporate_type', 'corporate_number', 'name', 'name_kana', 'prefecture_name',
  'address1', 'address2', 'postal_code', 'user_last_nm', 'user_first_nm',
];

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.OIDC_CLIENT_ID || 'secaction-test',
    client_secret: process.env.OIDC_CLIENT_SECRET || 'secaction-test-secret',
    redirect_uris: (process.env.OIDC_REDIRECT_URIS || 'http://testserver/accounts/oidc/gbizid/login/callback/')
      .split(',').map((s) => s.trim()).filter(Boolean),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'email'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: GBIZ_CLAIMS,
  },
  features: { devInteractions: { enabled: true } },
  // Every claim also in the ID token, as GビズID does, so the portal can read them from either.
  conformIdTokenClaims: false,
  cookies: { keys: ['secaction-test-only-cookie-key'] },
  // The subject ("sub") of tokens and userinfo is the login name: the development log-in form makes it
  // the account id, and oidc-provider always issues the account id as "sub" (a "sub" in the file is not used).
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { ...account };
      },
    };
  },
  ttl: { Session: 3600, Interaction: 3600, Grant: 3600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
});
provider.proxy = false;

// Unknown login names are refused at the login form, so a typo in a test fails loudly.
provider.on('server_error', (ctx, err) => console.error('server_error', err));

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
