package io.sfstigg.local.stigg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** The sandbox's page: what was provisioned in each environment, HTML-escaped. */
final class SandboxPage {
    private SandboxPage() {}

    static String render(Map<String, EmulatedEnvironment> environments) {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"refresh\" content=\"5\"><title>Stigg sandbox</title><style>"
                + "body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}"
                + "</style></head><body><h1>Stigg sandbox</h1><p>What the provisioner created, per environment."
                + " Refreshes every 5 seconds; JSON at <a href=\"/__emulator/state\">/__emulator/state</a>.</p>");
        for (String slug : StiggEmulator.sortedSlugs(environments)) {
            EmulatedEnvironment env = environments.get(slug);
            html.append("<h2>Environment ").append(escape(slug)).append("</h2>");
            table(html, "Customers", env.customers(), List.of("customerId", "name", "email", "salesforceId",
                    "additionalMetaData.salesforceUrl"));
            table(html, "Subscriptions", env.subscriptions(), List.of("subscriptionId", "customerId", "planId", "status",
                    "billingPeriod", "addons", "entitlements", "salesforceId", "additionalMetaData.salesforceUrl"));
            table(html, "Credit grants", env.creditGrants(), List.of("grantId", "customerId", "currencyId", "amount",
                    "grantType", "displayName", "effectiveAt", "expireAt", "additionalMetaData"));
        }
        return html.append("</body></html>").toString();
    }

    private static void table(StringBuilder html, String title, List<ObjectNode> rows, List<String> columns) {
        html.append("<h3>").append(title).append(" (").append(rows.size()).append(")</h3><table><tr>");
        columns.forEach(c -> html.append("<th>").append(escape(c)).append("</th>"));
        html.append("</tr>");
        for (ObjectNode row : rows) {
            html.append("<tr>");
            for (String column : columns) {
                JsonNode value = row;
                for (String part : column.split("\\.")) {
                    value = value.path(part);
                }
                String text = value.isMissingNode() || value.isNull() ? "" : value.isValueNode() ? value.asText() : value.toString();
                html.append("<td>").append(escape(text)).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</table>");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
