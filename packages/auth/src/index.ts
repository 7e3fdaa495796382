export { createTokenSigner } from './access-token';
export type { AuthUser, Role, TokenSigner } from './access-token';
export { hashPassword, verifyPassword } from './passwords';
export { ensureUser, loginUser, refreshSession, registerUser, revokeSession } from './sessions';
export type { Session, SessionDeps } from './sessions';
