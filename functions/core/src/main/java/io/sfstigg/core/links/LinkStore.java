package io.sfstigg.core.links;

import java.util.Optional;

/**
 * The links table: Salesforce records and Stigg entities, each findable from the other. The worker
 * writes links together with a request's result ({@link LinkUpdate}).
 */
public interface LinkStore {
    Optional<Link> find(String tenantId, String salesforceId);

    /** The Salesforce record a Stigg customer or subscription came from ({@code kind}: customer, subscription). */
    Optional<String> salesforceIdOf(String tenantId, String kind, String stiggId);
}
