package io.sfstigg.local.salesforce;

import java.util.Map;

/** The Salesforce side of the sandbox: each record and the Stigg fields the sync wrote on it. */
final class SalesforcePage {
    private SalesforcePage() {}

    static String render(SalesforceEmulator emulator) {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"refresh\" content=\"2\"><title>Salesforce emulator</title></head><body>"
                + "<h1>Salesforce emulator</h1><p>Records as the Stigg sync left them (refreshes every 2 s).</p>"
                + "<table border=\"1\" cellpadding=\"4\"><tr><th>Record</th><th>Fields</th></tr>");
        emulator.linkedPages().forEach((label, url) -> html.insert(html.indexOf("<table"), "<p>The other side: <a href=\""
                + escape(url) + "/\">" + escape(label) + "</a></p>"));
        for (Map.Entry<String, Map<String, Object>> record : emulator.recordsByKey().entrySet()) {
            html.append("<tr><td>").append(escape(record.getKey())).append("</td><td>");
            record.getValue().forEach((k, v) -> html.append(escape(k)).append(" = ").append(escape(String.valueOf(v)))
                    .append("<br>"));
            html.append("</td></tr>");
        }
        return html.append("</table><p>").append(emulator.writes().size()).append(" writes</p></body></html>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
