package io.sfstigg.local.stigg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the emulator over real HTTP, as a Stigg client would. */
final class GraphQlClient {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CUSTOMER = """
            mutation ProvisionCustomer($input: ProvisionCustomerInput!) {
              provisionCustomer(input: $input) {
                customer { id customerId refId name email salesforceId billingId additionalMetaData environmentId
                           hasPaymentMethod hasActiveSubscription updatedAt }
                subscriptionDecisionStrategy
              }
            }""";
    static final String UPDATE = """
            mutation UpdateCustomer($input: UpdateCustomerInput!) {
              updateOneCustomer(input: $input) { id customerId name email salesforceId additionalMetaData }
            }""";
    static final String SUBSCRIBE = """
            mutation ProvisionSubscription($input: ProvisionSubscriptionInput!) {
              provisionSubscriptionV2(input: $input) {
                id status checkoutUrl
                subscription {
                  id subscriptionId refId status startDate trialEndDate billingPeriod salesforceId additionalMetaData
                  paymentCollection pricingType environmentId customerId
                  plan { id refId displayName status pricingType product { refId } }
                  addons { id addonId quantity addon { id refId displayName } }
                  customer { id customerId name }
                  entitlements {
                    __typename
                    ... on SubscriptionFeatureEntitlement { featureId usageLimit feature { refId } }
                    ... on SubscriptionCreditEntitlement { customCurrencyId amount cadence customCurrency { currencyId } }
                  }
                }
              }
            }""";
    static final String SUBSCRIBE_V1 = """
            mutation ProvisionSubscriptionV1($input: ProvisionSubscriptionInput!) {
              provisionSubscription(input: $input) { status subscription { subscriptionId status } }
            }""";
    static final String GET_CUSTOMER = """
            query GetCustomer($input: GetCustomerByRefIdInput!) {
              getCustomerByRefId(input: $input) {
                id customerId name
                subscriptions { subscriptionId status plan { refId } addons { addonId quantity } customer { customerId } }
              }
            }""";
    static final String GRANT = """
            mutation GrantCredits($input: CreditGrantInput!) {
              createCreditGrant(input: $input) {
                id grantId status amount currencyId customerId displayName grantType effectiveAt expireAt priority
                consumedAmount paymentCollection cost { amount currency } additionalMetaData comment resourceId
                createdAt updatedAt
              }
            }""";
    static final String GRANTS = """
            query CreditGrants($input: GetCreditGrantsInput!) {
              creditGrants(input: $input) {
                totalCount
                edges { cursor node { grantId currencyId resourceId additionalMetaData } }
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }""";

    /** An answer: HTTP status and JSON body. */
    record Answer(int status, JsonNode body) {
        String code() {
            return body.path("errors").path(0).path("extensions").path("code").asText(null);
        }

        String message() {
            return body.path("errors").path(0).path("message").asText(null);
        }

        JsonNode data(String field) {
            return body.path("data").path(field);
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final String url;

    GraphQlClient(String url) {
        this.url = url;
    }

    /** Sends {@code document} with {@code {"input": <inputJson>}} as variables. */
    Answer call(String apiKey, String document, String inputJson) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("query", document);
        body.putObject("variables").set("input", JSON.readTree(inputJson));
        return post(apiKey, body.toString());
    }

    Answer post(String apiKey, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("X-API-KEY", apiKey);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), json);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
