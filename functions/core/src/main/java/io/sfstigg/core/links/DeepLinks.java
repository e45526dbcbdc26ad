package io.sfstigg.core.links;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Deep links into Stigg's app and into Salesforce Lightning. */
public final class DeepLinks {
    private final String stiggAppUrl;

    /** {@code stiggAppUrl}: https://app.stigg.io unless configured otherwise. */
    public DeepLinks(String stiggAppUrl) {
        this.stiggAppUrl = stiggAppUrl.endsWith("/") ? stiggAppUrl.substring(0, stiggAppUrl.length() - 1) : stiggAppUrl;
    }

    public String stiggCustomer(String environmentSlug, String customerId) {
        return environmentSlug == null ? null : stiggAppUrl + "/" + environmentSlug + "/customers/" + encode(customerId);
    }

    public String stiggSubscription(String environmentSlug, String subscriptionId) {
        return environmentSlug == null ? null
                : stiggAppUrl + "/" + environmentSlug + "/subscriptions/" + encode(subscriptionId);
    }

    /** {@code https://{domain}/lightning/r/{Account|Opportunity}/{id}/view}. */
    public static String salesforceRecord(String salesforceDomain, String objectType, String id) {
        if (salesforceDomain == null || id == null) {
            return null;
        }
        return "https://" + salesforceDomain + "/lightning/r/" + objectType + "/" + id + "/view";
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
