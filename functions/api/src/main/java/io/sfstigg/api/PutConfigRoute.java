package io.sfstigg.api;

import static io.sfstigg.core.log.Log.kv;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.http.Responses;
import io.sfstigg.core.log.Log;
import io.sfstigg.api.validation.FieldError;
import io.sfstigg.api.validation.ValidationException;
import io.sfstigg.core.stigg.StiggException;
import io.sfstigg.core.tenant.StiggConfiguration;
import io.sfstigg.core.tenant.StiggLimits;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.api.validation.Fields;
import io.sfstigg.api.validation.NumberBounds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code PUT /v1/config}: the seed's "Stigg Configuration" tab. The key is tried against Stigg
 * before anything is saved; it is stored in Secrets Manager, one secret per org. Only the
 * configuration's attributes are written: a disable or new limits set meanwhile by the operator stay.
 */
final class PutConfigRoute {
    private static final Log LOG = Log.of(PutConfigRoute.class);
    static final String KEY_CHECK_CUSTOMER = "salesforce-provisioner-key-check";

    private final Services services;

    PutConfigRoute(Services services) {
        this.services = services;
    }

    private record Config(String apiKey, String slug, String currency, StiggLimits limits) {}

    APIGatewayV2HTTPResponse handle(ApiRequest request, Tenant tenant) {
        Config config = parse(request);
        try {
            services.stigg().findCustomer(config.apiKey(), KEY_CHECK_CUSTOMER);
        } catch (StiggException e) {
            if (e.retryable()) {
                throw new ApiException(503, "stigg-unavailable", "Stigg unavailable",
                        "Stigg could not be reached to check the key (" + e.reportedCode() + "); nothing was saved; retry",
                        List.of(), Map.of("Retry-After", "5"));
            }
            throw ApiException.unprocessable("stigg-key-rejected", "Stigg rejected the API key",
                    "Stigg answered " + e.reportedCode() + " for this key; copy the Integration API key of the environment "
                            + config.slug() + " from Stigg's Salesforce integration page",
                    List.of(new FieldError("stiggApiKey", "rejected by Stigg (" + e.reportedCode() + ")")));
        }
        String prefix = services.config().secretPrefix();
        String secretId = services.secrets().write(prefix + tenant.tenantId(), config.apiKey());
        Instant now = services.clock().instant();
        StiggConfiguration configuration = new StiggConfiguration(config.slug(), config.currency(), secretId,
                ConfigView.mask(config.apiKey()), now, config.limits());
        Tenant configured = services.tenants().saveConfiguration(tenant.tenantId(), configuration, now)
                .orElseThrow(() -> ApiException.unauthorized("the bearer token is not valid"));
        LOG.info("Stigg configuration saved", kv("tenantId", tenant.tenantId()),
                kv("stiggEnvironmentSlug", config.slug()));
        return Responses.json(200, ConfigView.of(configured));
    }

    private static Config parse(ApiRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Fields f = Fields.of(request.jsonBody(), errors);
        f.rejectUnknown("stiggApiKey", "stiggEnvironmentSlug", "defaultCurrency", "stiggOperationLimitPerMinute",
                "stiggCustomerLimitPerMinute");
        String key = f.requiredText("stiggApiKey");
        if (key != null && (key.length() < 16 || key.length() > 512 || !key.matches("[\\x21-\\x7e]+"))) {
            f.error("stiggApiKey", "must be a Stigg API key (16 to 512 printable characters, no spaces)");
        } else if (key != null && key.startsWith("client-")) {
            f.error("stiggApiKey", "is a client key; use the Integration (server) API key from Stigg");
        }
        String slug = f.requiredText("stiggEnvironmentSlug");
        if (slug != null && !slug.matches("[a-z0-9][a-z0-9-]{0,99}")) {
            f.error("stiggEnvironmentSlug", "must be the environment slug from Stigg's URLs, such as production-9bb95b22");
        }
        String currency = f.currency("defaultCurrency", false, null);
        Integer perOperation = limit(f, "stiggOperationLimitPerMinute", StiggLimits.MAX_PER_OPERATION);
        Integer perCustomer = limit(f, "stiggCustomerLimitPerMinute", StiggLimits.MAX_PER_CUSTOMER);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        StiggLimits limits = perOperation == null && perCustomer == null ? null : new StiggLimits(
                perOperation == null ? StiggLimits.DEFAULT_PER_OPERATION : perOperation,
                perCustomer == null ? StiggLimits.DEFAULT_PER_CUSTOMER : perCustomer);
        return new Config(key, slug, currency, limits);
    }

    /** An optional limit of the org's Stigg plan, calls per minute; absent means Stigg's documented one. */
    private static Integer limit(Fields f, String name, int max) {
        Integer value = f.whole(name, false, NumberBounds.STIGG_LIMIT);
        if (value != null && value > max) {
            f.error(name, "must be at most " + max + " calls a minute");
            return null;
        }
        return value;
    }
}
