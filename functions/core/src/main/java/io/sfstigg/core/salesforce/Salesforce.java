package io.sfstigg.core.salesforce;

import java.util.Map;

/** Salesforce's REST API, the calls the sync makes. Every call throws {@link SalesforceException} on failure. */
public interface Salesforce {
    /** {@code PATCH /services/data/vXX.X/sobjects/{object}/{id}} with these fields. */
    void update(SalesforceCredentials org, String object, String id, Map<String, Object> fields);
}
