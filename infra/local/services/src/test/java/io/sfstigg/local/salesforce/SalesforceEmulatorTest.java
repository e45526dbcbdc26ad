package io.sfstigg.local.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator's REST surface, in Salesforce's shapes. */
class SalesforceEmulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private SalesforceEmulator emulator;

    @BeforeEach
    void start() throws Exception {
        emulator = SalesforceEmulator.start(0);
        emulator.addClient("id-1", "secret-1");
        emulator.addRecord("Opportunity", "006Dn00000B2c3dIAB", Map.of("Name", "Deal"));
        emulator.addRecord("Account", "001Dn00000A1b2cIAA", Map.of("Name", "Acme"));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.instanceUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", path.contains("oauth2") ? "application/x-www-form-urlencoded" : "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token() throws Exception {
        HttpResponse<String> answer = call("POST", "/services/oauth2/token", null,
                "grant_type=client_credentials&client_id=id-1&client_secret=secret-1");
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode body = JSON.readTree(answer.body());
        assertEquals("Bearer", body.path("token_type").asText());
        assertEquals(emulator.instanceUrl(), body.path("instance_url").asText());
        return body.path("access_token").asText();
    }

    @Test
    void tokenEndpointRefusesWrongClientsAndGrants() throws Exception {
        HttpResponse<String> wrong = call("POST", "/services/oauth2/token", null,
                "grant_type=client_credentials&client_id=id-1&client_secret=nope");
        assertEquals(400, wrong.statusCode());
        assertEquals("invalid_client", JSON.readTree(wrong.body()).path("error").asText());
        HttpResponse<String> grant = call("POST", "/services/oauth2/token", null, "grant_type=password&client_id=id-1");
        assertEquals("unsupported_grant_type", JSON.readTree(grant.body()).path("error").asText());
    }

    @Test
    void patchAndGetAnSObjectAndRefuseUnknownFieldsAndSessions() throws Exception {
        String token = token();
        String path = "/services/data/v62.0/sobjects/Opportunity/006Dn00000B2c3dIAB";
        assertEquals(204, call("PATCH", path, token, "{\"Stigg_Plan__c\":\"Pro\"}").statusCode());
        JsonNode record = JSON.readTree(call("GET", path, token, null).body());
        assertEquals("Opportunity", record.path("attributes").path("type").asText());
        assertEquals("Pro", record.path("Stigg_Plan__c").asText());

        HttpResponse<String> unknown = call("PATCH", path, token, "{\"Nope__c\":1}");
        assertEquals(400, unknown.statusCode());
        JsonNode error = JSON.readTree(unknown.body()).get(0);
        assertEquals("INVALID_FIELD", error.path("errorCode").asText());
        assertEquals("Nope__c", error.path("fields").get(0).asText());

        emulator.expireSessions();
        HttpResponse<String> expired = call("PATCH", path, token, "{\"Stigg_Plan__c\":\"Pro\"}");
        assertEquals(401, expired.statusCode());
        assertEquals("INVALID_SESSION_ID", JSON.readTree(expired.body()).get(0).path("errorCode").asText());
        assertEquals(1, emulator.writes().size());
    }

    @Test
    void compositeCollectionReportsEachRecord() throws Exception {
        String token = token();
        HttpResponse<String> answer = call("PATCH", "/services/data/v62.0/composite/sobjects", token,
                "{\"allOrNone\":false,\"records\":[{\"attributes\":{\"type\":\"Account\"},\"id\":\"001Dn00000A1b2cIAA\","
                        + "\"Stigg_Credit_Status__c\":\"LOW\"},{\"attributes\":{\"type\":\"Opportunity\"},"
                        + "\"id\":\"006Dn00000B2c3dIAB\",\"Missing__c\":\"x\"}]}");
        assertEquals(200, answer.statusCode());
        JsonNode results = JSON.readTree(answer.body());
        assertTrue(results.get(0).path("success").asBoolean());
        assertEquals("INVALID_FIELD", results.get(1).path("errors").get(0).path("errorCode").asText());
        assertEquals("LOW", emulator.record("Account", "001Dn00000A1b2cIAA").get("Stigg_Credit_Status__c"));
    }

    @Test
    void injectedFaultsAnswerInSalesforcesShapes() throws Exception {
        String token = token();
        String path = "/services/data/v62.0/sobjects/Opportunity/006Dn00000B2c3dIAB";
        emulator.failNext(1, SalesforceEmulator.Fault.UNABLE_TO_LOCK_ROW);
        emulator.failNext(1, SalesforceEmulator.Fault.REQUEST_LIMIT_EXCEEDED);
        emulator.failNext(1, SalesforceEmulator.Fault.SERVER_ERROR);
        HttpResponse<String> lock = call("PATCH", path, token, "{}");
        HttpResponse<String> limit = call("PATCH", path, token, "{}");
        HttpResponse<String> down = call("PATCH", path, token, "{}");
        assertEquals("UNABLE_TO_LOCK_ROW", JSON.readTree(lock.body()).get(0).path("errorCode").asText());
        assertEquals(403, limit.statusCode());
        assertEquals("REQUEST_LIMIT_EXCEEDED", JSON.readTree(limit.body()).get(0).path("errorCode").asText());
        assertEquals(503, down.statusCode());
        emulator.deleteRecord("Opportunity", "006Dn00000B2c3dIAB");
        assertEquals("ENTITY_IS_DELETED", JSON.readTree(call("PATCH", path, token, "{}").body()).get(0).path("errorCode").asText());
        assertTrue(emulator.writes().isEmpty());
    }
}
