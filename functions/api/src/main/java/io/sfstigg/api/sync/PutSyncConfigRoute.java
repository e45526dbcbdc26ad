package io.sfstigg.api.sync;

import static io.sfstigg.core.log.Log.kv;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.Services;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.http.Responses;
import io.sfstigg.core.log.Log;
import io.sfstigg.api.validation.FieldError;
import io.sfstigg.api.validation.ValidationException;
import io.sfstigg.core.sync.FieldMapping;
import io.sfstigg.core.sync.SyncConfig;
import io.sfstigg.core.sync.SyncSecrets;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.api.validation.Fields;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code PUT /v1/config/salesforce-sync}: the org's Stigg → Salesforce sync. Fields left out
 * keep their values. A new {@code webhookSecret} becomes current and the one it replaces stays
 * valid until {@code retirePreviousWebhookSecret: true}, so a rotation drops no event. Secrets
 * are written to Secrets Manager and never returned (only masked).
 */
final class PutSyncConfigRoute {
    private static final Log LOG = Log.of(PutSyncConfigRoute.class);
    private static final String SECRET = "[\\x21-\\x7e]{16,256}";

    private final Services services;

    PutSyncConfigRoute(Services services) {
        this.services = services;
    }

    private record Change(String webhookSecret, boolean retirePrevious, String instanceUrl, String clientId,
            String clientSecret, FieldMapping mapping) {}

    APIGatewayV2HTTPResponse handle(ApiRequest request, Tenant tenant) {
        Change change = parse(request);
        SyncConfig old = services.syncConfigs().find(tenant.tenantId()).orElse(null);
        SyncSecrets secrets = old == null || old.secretId() == null ? SyncSecrets.empty()
                : SyncSecrets.parse(services.secrets().read(old.secretId(), String.valueOf(old.updatedAt())));
        String webhookSecret = secrets.webhookSecret();
        String previous = secrets.previousWebhookSecret();
        if (change.webhookSecret() != null && !change.webhookSecret().equals(webhookSecret)) {
            previous = webhookSecret;
            webhookSecret = change.webhookSecret();
        }
        if (change.retirePrevious()) {
            previous = null;
        }
        SyncSecrets updated = new SyncSecrets(webhookSecret, previous,
                change.clientId() != null ? change.clientId() : secrets.clientId(),
                change.clientSecret() != null ? change.clientSecret() : secrets.clientSecret());
        String prefix = services.config().secretPrefix();
        String secretId = services.secrets().write(prefix + "sync/" + tenant.tenantId(), updated.toJson());
        SyncConfig saved = new SyncConfig(tenant.tenantId(), secretId, services.clock().instant(),
                change.instanceUrl() != null ? change.instanceUrl()
                        : old != null && old.instanceUrl() != null ? old.instanceUrl() : "https://" + tenant.salesforceDomain(),
                SyncConfigView.mask(updated.webhookSecret()), SyncConfigView.mask(updated.previousWebhookSecret()),
                SyncConfigView.mask(updated.clientId()), SyncConfigView.mask(updated.clientSecret()),
                change.mapping() != null ? change.mapping() : old == null ? null : old.mapping());
        services.syncConfigs().save(saved);
        LOG.info("sync configuration saved", kv("tenantId", tenant.tenantId()),
                kv("webhookSecretRotated", change.webhookSecret() != null),
                kv("previousRetired", change.retirePrevious()));
        return Responses.json(200, SyncConfigView.of(tenant.tenantId(), saved, request.baseUrl()));
    }

    private static Change parse(ApiRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Fields f = Fields.of(request.jsonBody(), errors);
        f.rejectUnknown("webhookSecret", "retirePreviousWebhookSecret", "salesforceInstanceUrl", "salesforceClientId",
                "salesforceClientSecret", "fieldMapping");
        String webhookSecret = secret(f, "webhookSecret");
        Boolean retire = f.bool("retirePreviousWebhookSecret");
        String clientId = secret(f, "salesforceClientId");
        String clientSecret = secret(f, "salesforceClientSecret");
        String instanceUrl = f.text("salesforceInstanceUrl");
        if (instanceUrl != null && !isInstanceUrl(instanceUrl)) {
            f.error("salesforceInstanceUrl", "must be the org's My Domain URL, such as https://acme.my.salesforce.com");
            instanceUrl = null;
        }
        FieldMapping mapping = null;
        Fields mappingFields = f.object("fieldMapping", false);
        if (mappingFields != null) {
            mappingFields.rejectUnknown("opportunity", "account");
            mapping = new FieldMapping(fieldNames(mappingFields, "opportunity", FieldMapping.DEFAULT_OPPORTUNITY.keySet()),
                    fieldNames(mappingFields, "account", FieldMapping.DEFAULT_ACCOUNT.keySet()));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new Change(webhookSecret, Boolean.TRUE.equals(retire), stripSlash(instanceUrl), clientId, clientSecret,
                mapping);
    }

    private static String secret(Fields f, String name) {
        String value = f.text(name);
        if (value != null && !value.matches(SECRET)) {
            f.error(name, "must be 16 to 256 printable characters without spaces");
            return null;
        }
        return value;
    }

    /** https, or http on the loopback address only (a local Salesforce stand-in). */
    static boolean isInstanceUrl(String text) {
        try {
            URI uri = URI.create(text);
            String host = uri.getHost();
            boolean loopback = "127.0.0.1".equals(host) || "localhost".equals(host);
            return host != null && uri.getUserInfo() == null && uri.getQuery() == null && uri.getFragment() == null
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && loopback)
                    && (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, String> fieldNames(Fields mapping, String object, Set<String> known) {
        Fields fields = mapping.object(object, false);
        if (fields == null) {
            return null;
        }
        fields.rejectUnknown(known.toArray(String[]::new));
        Map<String, String> names = new LinkedHashMap<>();
        for (String value : known) {
            String name = fields.text(value);
            if (name == null) {
                continue;
            }
            if ("none".equalsIgnoreCase(name)) {
                names.put(value, "");
            } else if (!FieldMapping.FIELD_NAME.matcher(name).matches()) {
                fields.error(value, "must be a field API name such as Stigg_Plan__c, or none to write nothing");
            } else {
                names.put(value, name);
            }
        }
        return names;
    }

    private static String stripSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
