package io.sfstigg.core.salesforce;

/** An org's External Client App: its My Domain URL and the client credentials (the secret is never logged). */
public record SalesforceCredentials(String instanceUrl, String clientId, String clientSecret) {
    @Override
    public String toString() {
        return "SalesforceCredentials[instanceUrl=" + instanceUrl + ", clientId=****]";
    }
}
