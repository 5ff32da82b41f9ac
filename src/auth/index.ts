/**
 * Room `auth`: who a client is. The built-in authenticator (anonymous access, static users with
 * scrypt-hashed secrets, static bearer tokens, JWTs) behind the plugin API's `Authenticator` type.
 * May import `plugin` (types only), `common` and `errors`; never the router or the server.
 */
export { DEFAULT_JWT_ROLE, JWT_ALGORITHMS, type JwtOptions } from './jwt.js';
export {
  type AuthOptions,
  createStaticAuthenticator,
  hashSecret,
  type StaticToken,
  type StaticUser,
} from './static-authenticator.js';
