package io.sfstigg.local.stigg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The sandbox's page: what was provisioned in each environment, every value HTML-escaped. */
final class SandboxPage {
    private static final List<String> CUSTOMER_COLUMNS = List.of("customerId", "name", "email", "salesforceId",
            "additionalMetaData.salesforceUrl", "createdAt");
    private static final List<String> SUBSCRIPTION_COLUMNS = List.of("subscriptionId", "customerId", "planId", "status",
            "billingPeriod", "addons", "entitlements", "cancellationDate", "scheduledUpdates", "salesforceId", "additionalMetaData.salesforceUrl", "createdAt");
    private static final List<String> GRANT_COLUMNS = List.of("grantId", "customerId", "currencyId", "amount", "grantType",
            "status", "displayName", "effectiveAt", "expireAt", "additionalMetaData");

    private SandboxPage() {}

    static String render(Map<String, EmulatedEnvironment> environments, List<WebhookSender.Delivery> deliveries,
            Map<String, String> linkedPages) {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"refresh\" content=\"5\"><title>Stigg sandbox</title><style>"
                + "body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}"
                + "td{max-width:40em;overflow-wrap:anywhere}</style></head><body><h1>Stigg sandbox</h1>"
                + "<p>What the provisioner created, per environment. Refreshes every 5 seconds;"
                + " JSON at <a href=\"/__emulator/state\">/__emulator/state</a>.</p>");
        new TreeMap<>(linkedPages).forEach((label, url) -> html.append("<p>The other side: <a href=\"")
                .append(escape(url)).append("/\">").append(escape(label)).append("</a></p>"));
        new TreeMap<>(environments).forEach((slug, env) -> {
            html.append("<h2>Environment ").append(escape(slug)).append("</h2><p>Catalog: ")
                    .append(escape(env.catalog().toString())).append("</p>");
            table(html, "Customers", env.customers(), CUSTOMER_COLUMNS);
            table(html, "Subscriptions", env.subscriptions(), SUBSCRIPTION_COLUMNS);
            table(html, "Credit grants", env.creditGrants(), GRANT_COLUMNS);
        });
        html.append("<h2>Webhooks sent (").append(deliveries.size()).append(")</h2><table><tr><th>at</th><th>type</th>"
                + "<th>messageId</th><th>answer</th></tr>");
        for (int i = deliveries.size() - 1; i >= Math.max(0, deliveries.size() - 50); i--) {
            WebhookSender.Delivery d = deliveries.get(i);
            html.append("<tr><td>").append(escape(d.at().toString())).append("</td><td>").append(escape(d.type()))
                    .append("</td><td>").append(escape(d.messageId())).append("</td><td>").append(d.status()).append("</td></tr>");
        }
        return html.append("</table></body></html>").toString();
    }

    private static void table(StringBuilder html, String title, List<ObjectNode> rows, List<String> columns) {
        html.append("<h3>").append(escape(title)).append(" (").append(rows.size()).append(")</h3><table><tr>");
        columns.forEach(c -> html.append("<th>").append(escape(c)).append("</th>"));
        html.append("</tr>");
        for (ObjectNode row : rows) {
            html.append("<tr>");
            columns.forEach(c -> html.append("<td>").append(escape(text(row, c))).append("</td>"));
            html.append("</tr>");
        }
        html.append("</table>");
    }

    /** The value at a dotted path, as text (objects and lists as JSON). */
    private static String text(JsonNode row, String path) {
        JsonNode value = row;
        for (String part : path.split("\\.")) {
            value = value.path(part);
        }
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
