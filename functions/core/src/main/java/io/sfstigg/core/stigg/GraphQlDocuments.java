package io.sfstigg.core.stigg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The GraphQL documents we send, kept as {@code graphql/*.graphql} resources and validated in tests. */
public enum GraphQlDocuments {
    PROVISION_CUSTOMER("ProvisionCustomer"),
    UPDATE_CUSTOMER("UpdateCustomer"),
    GET_CUSTOMER("GetCustomer"),
    PROVISION_SUBSCRIPTION("ProvisionSubscription"),
    GRANT_CREDITS("GrantCredits"),
    CREDIT_GRANTS("CreditGrants"),
    UPDATE_SUBSCRIPTION("UpdateSubscription"),
    CANCEL_SUBSCRIPTION("CancelSubscription");

    private final String operationName;
    private final String text;

    GraphQlDocuments(String operationName) {
        this.operationName = operationName;
        this.text = load("graphql/" + operationName + ".graphql");
    }

    public String operationName() {
        return operationName;
    }

    public String text() {
        return text;
    }

    private static String load(String resource) {
        try (InputStream in = GraphQlDocuments.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
