package io.sfstigg.core.stigg;

import java.util.List;

/** A customer as Stigg answers it; its subscriptions only where the query asks for them (else empty). */
public record StiggCustomer(
        String id, String customerId, String name, String email, String salesforceId,
        List<StiggSubscription> subscriptions) {

    public StiggCustomer {
        subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
    }
}
