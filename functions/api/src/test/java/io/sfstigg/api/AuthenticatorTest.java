package io.sfstigg.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.sfstigg.api.admin.AdminAuthenticator;
import io.sfstigg.api.auth.Tokens;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.core.model.SalesforceId;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.core.tenant.TenantToken;
import io.sfstigg.core.tenant.TokenLookup;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Bearer token to tenant: 401 for anything but a live token, 403 for a disabled org or another org's header. */
class AuthenticatorTest {
    private static final String ORG_15 = "00D5g000004ABCD";
    private static final String ORG = SalesforceId.to18(ORG_15).orElseThrow();
    private static final String OTHER_ORG = SalesforceId.to18("00D5g000004WXYZ").orElseThrow();
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private final Tokens.Issued issued = Tokens.issue();
    private TenantToken token = new TenantToken(issued.tokenId(), ORG, issued.secretHash(), CREATED, null);
    private Tenant tenant = tenant(false);
    /** The token ids and org hints read, one entry a read. */
    private final List<String> reads = new ArrayList<>();
    private final TokenLookup store = (tokenId, hint) -> {
        reads.add(tokenId + "@" + hint);
        return tokenId.equals(token.tokenId())
                ? Optional.of(new TokenLookup.TokenAndTenant(token, tenant))
                : Optional.empty();
    };
    private final Authenticator authenticator = new Authenticator(store);

    private static Tenant tenant(boolean disabled) {
        return new Tenant(ORG, "Acme", "acme.my.salesforce.com", disabled, CREATED, "production", "usd",
                "secret-id", "****abcd", CREATED);
    }

    private static ApiRequest request(Map<String, String> headers) {
        return new ApiRequest(APIGatewayV2HTTPEvent.builder().withRawPath("/v1/customers").withHeaders(headers)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withDomainName("api.example.com").withStage("$default").build())
                .build());
    }

    private ApiRequest bearer(String value, String orgHeader) {
        Map<String, String> headers = new HashMap<>(Map.of("Authorization", value));
        if (orgHeader != null) {
            headers.put("X-Salesforce-Org-Id", orgHeader);
        }
        return request(headers);
    }

    private ApiException refused(ApiRequest request) {
        return assertThrows(ApiException.class, () -> authenticator.tenant(request));
    }

    @Test
    void liveTokenIsItsTenantReadWithTheOrgInOneCall() {
        assertEquals(ORG, authenticator.tenant(bearer("Bearer " + issued.token(), ORG_15)).tenantId());
        assertEquals(List.of(issued.tokenId() + "@" + ORG), reads, "one read, hinted with the 18-character org id");

        reads.clear();
        assertEquals(ORG, authenticator.tenant(bearer("bearer  " + issued.token() + " ", null)).tenantId());
        assertEquals(List.of(issued.tokenId() + "@null"), reads);
    }

    @Test
    void missingOrMalformedBearerIs401WithoutARead() {
        for (ApiRequest request : List.of(request(Map.of()), bearer("Basic dXNlcjpwYXNz", null), bearer("Bearer ", null),
                bearer("Bearer    ", null), bearer(issued.token(), null), bearer("Bearer sfst_123_abc", null),
                bearer("Bearer " + issued.token() + "x", null), bearer("Bearer sk-live-abc", ORG))) {
            ApiException e = refused(request);
            assertEquals(401, e.status());
            assertEquals("Bearer", e.headers().get("WWW-Authenticate"));
        }
        assertTrue(reads.isEmpty());
    }

    @Test
    void unknownTokenIs401() {
        Tokens.Issued unknown = Tokens.issue();
        ApiException e = refused(bearer("Bearer " + unknown.token(), ORG));
        assertEquals(401, e.status());
        assertEquals("the bearer token is not valid", e.getMessage());
    }

    @Test
    void knownTokenIdWithAnotherSecretIs401() {
        String forged = "sfst_" + issued.tokenId() + "_" + Tokens.issue().token().substring(22);
        assertTrue(Tokens.parse(forged).isPresent());
        ApiException e = refused(bearer("Bearer " + forged, ORG));
        assertEquals(401, e.status());
        assertEquals("the bearer token is not valid", e.getMessage());
    }

    @Test
    void storedHashIsComparedExactly() {
        token = new TenantToken(issued.tokenId(), ORG, issued.secretHash().toUpperCase(), CREATED, null);
        assertEquals(401, refused(bearer("Bearer " + issued.token(), ORG)).status());
    }

    @Test
    void revokedTokenIs401() {
        token = new TenantToken(issued.tokenId(), ORG, issued.secretHash(), CREATED, CREATED.plusSeconds(60));
        ApiException e = refused(bearer("Bearer " + issued.token(), ORG));
        assertEquals(401, e.status());
        assertEquals("the bearer token has been revoked", e.getMessage());
    }

    @Test
    void tokenOfAGoneTenantIs401() {
        tenant = null;
        assertEquals(401, refused(bearer("Bearer " + issued.token(), ORG)).status());
    }

    @Test
    void disabledOrgIs403() {
        tenant = tenant(true);
        ApiException e = refused(bearer("Bearer " + issued.token(), ORG));
        assertEquals(403, e.status());
        assertEquals("tenant-disabled", e.type());
    }

    @Test
    void orgHeaderNamingAnotherOrgIs403() {
        for (String header : List.of(OTHER_ORG, "00D5g000004WXYZ", "not-an-org")) {
            ApiException e = refused(bearer("Bearer " + issued.token(), header));
            assertEquals(403, e.status(), header);
            assertEquals("org-mismatch", e.type());
        }
    }

    /** A timing-safe comparison cannot be seen from outside: the code must call it. */
    @Test
    void secretIsComparedInConstantTime() throws IOException {
        List<String> authenticatorCalls = calls(Authenticator.class, "tenant");
        assertTrue(authenticatorCalls.contains(owner(Tokens.class) + ".matches"), authenticatorCalls::toString);
        List<String> matchesCalls = calls(Tokens.class, "matches");
        assertTrue(matchesCalls.contains("java/security/MessageDigest.isEqual"), matchesCalls::toString);
        assertFalse(matchesCalls.stream().anyMatch(call -> call.startsWith("java/lang/String.equals")
                || call.startsWith("java/lang/String.contentEquals") || call.startsWith("java/util/Arrays.equals")),
                matchesCalls::toString);
    }

    /** The admin token is checked by the same comparison, not a second implementation of it. */
    @Test
    void adminTokenIsComparedByTheSameConstantTimeMatch() throws IOException {
        List<String> adminCalls = calls(AdminAuthenticator.class, "authenticate");
        assertTrue(adminCalls.contains(owner(Tokens.class) + ".matches"), adminCalls::toString);
        assertFalse(adminCalls.contains("java/security/MessageDigest.isEqual"), adminCalls::toString);
    }

    private static String owner(Class<?> type) {
        return type.getName().replace('.', '/');
    }

    /** The methods {@code method} of {@code type} invokes, as {@code owner.name}. */
    private static List<String> calls(Class<?> type, String method) throws IOException {
        List<String> calls = new ArrayList<>();
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    if (!name.equals(method)) {
                        return null;
                    }
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitMethodInsn(int opcode, String owner, String called, String desc, boolean itf) {
                            calls.add(owner + "." + called);
                        }
                    };
                }
            }, 0);
        }
        assertFalse(calls.isEmpty(), type + "." + method + " not found");
        return calls;
    }
}
