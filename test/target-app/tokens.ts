import jwt from 'jsonwebtoken';

/**
 * credex-core's member tokens (config/authenticate.ts at 9028233): an HS256 JWT with memberID, iat, lastActivity and
 * absoluteExpiry; a token is good for 5 minutes after its last activity and 6 hours at most, and every authenticated
 * request refreshes lastActivity while keeping iat and absoluteExpiry. The clock is injectable so tests can move time.
 */

export const TOKEN_EXPIRATION_S = 5 * 60;
export const MAX_TOKEN_AGE_S = 6 * 60 * 60;

export interface TokenClaims {
  memberID: string;
  iat: number;
  lastActivity: number;
  absoluteExpiry: number;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; message: 'Invalid token' | 'Token expired' };

export class TokenIssuer {
  constructor(
    private readonly secret: string,
    private readonly nowMs: () => number,
  ) {}

  private nowS(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  issue(memberID: string): string {
    const now = this.nowS();
    return jwt.sign({ memberID, iat: now, lastActivity: now, absoluteExpiry: now + MAX_TOKEN_AGE_S }, this.secret);
  }

  /** A new token for the same member: lastActivity is now, iat and absoluteExpiry are kept. */
  refresh(claims: TokenClaims): string {
    return jwt.sign(
      { memberID: claims.memberID, iat: claims.iat, lastActivity: this.nowS(), absoluteExpiry: claims.absoluteExpiry },
      this.secret,
    );
  }

  check(token: string): TokenCheck {
    let claims: TokenClaims;
    try {
      claims = jwt.verify(token, this.secret, { algorithms: ['HS256'] }) as TokenClaims;
    } catch {
      return { ok: false, message: 'Invalid token' };
    }
    const now = this.nowS();
    if (now - claims.lastActivity > TOKEN_EXPIRATION_S) return { ok: false, message: 'Token expired' };
    if (now > claims.absoluteExpiry) return { ok: false, message: 'Token expired' };
    return { ok: true, claims };
  }
}
