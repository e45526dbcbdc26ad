package io.sfstigg.core.tenant;

import java.time.Instant;

/** A stored tenant token: only the SHA-256 of its secret part is kept. */
public record TenantToken(String tokenId, String tenantId, String secretHash, Instant createdAt, Instant revokedAt) {
    public boolean isRevoked() {
        return revokedAt != null;
    }
}
