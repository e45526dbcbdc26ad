package io.sfstigg.api.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.tenant.TenantStore;
import io.sfstigg.core.tenant.TenantToken;
import io.sfstigg.api.auth.Tokens;
import java.time.Instant;

/** Issues a tenant token: the token is in the answer once and stored only as a hash. */
final class TenantTokens {
    private TenantTokens() {}

    static ObjectNode issue(TenantStore tenants, String tenantId, Instant now) {
        Tokens.Issued issued = Tokens.issue();
        tenants.saveToken(new TenantToken(issued.tokenId(), tenantId, issued.secretHash(), now, null));
        return Json.object()
                .put("tenantId", tenantId)
                .put("tokenId", issued.tokenId())
                .put("token", issued.token())
                .put("createdAt", now.toString())
                .put("note", "store this token now (e.g. in the Salesforce External Credential); it is not shown again");
    }
}
