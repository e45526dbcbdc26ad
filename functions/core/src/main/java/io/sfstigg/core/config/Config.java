package io.sfstigg.core.config;

import io.sfstigg.core.fairness.OrgLimits;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The functions' configuration, parsed once per execution environment from the environment
 * variables ({@link Variable}: names and defaults) into records: what both functions read, what
 * the API reads, what the worker reads. A missing or malformed value fails the parse, and the
 * {@link ConfigException} names every such variable. Endpoints use the AWS SDKs' standard names,
 * so nothing here knows whether it runs locally.
 */
public final class Config {
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern SALESFORCE_VERSION = Pattern.compile("v\\d{2,3}\\.0");
    private static final List<Variable> ENDPOINTS = List.of(Variable.AWS_ENDPOINT_URL_DYNAMODB,
            Variable.AWS_ENDPOINT_URL_SQS, Variable.AWS_ENDPOINT_URL_SECRETS_MANAGER);

    private Config() {}

    /** The SDK clients' region and endpoint overrides. */
    public record Aws(String region, Map<String, URI> endpoints, Optional<URI> defaultEndpoint) {
        /** {@code AWS_ENDPOINT_URL_<SERVICE>}, then {@code AWS_ENDPOINT_URL}, as the SDKs read them. */
        public Optional<URI> endpoint(String service) {
            return Optional.ofNullable(endpoints.get(service)).or(this::defaultEndpoint);
        }
    }

    /** What both functions read. */
    public record Common(Aws aws, String tenantsTable, String requestsTable, String linksTable, String queueUrl,
            String stiggApiUrl, String stiggAppUrl) {}

    /** What the API functions read. */
    public record Api(Common common, String adminTokenSecretId, String secretPrefix, Duration stiggTimeout,
            OrgLimits defaultLimits) {}

    /** What the worker reads. */
    public record Worker(Common common, String rateLimitsTable, int maxReceiveCount, String stackName, int threads,
            Duration stiggTimeout, Duration retryBase, Duration retryMax, Duration stiggLimitWindow,
            Duration stiggLimitMargin, Duration paceInlineWait, Duration tenantCache, Duration grantCustomerWait,
            String salesforceApiVersion, Duration salesforceTimeout, Duration syncLinkWait) {}

    public static Api api(Map<String, String> environment) {
        Reader in = new Reader(environment);
        Api api = new Api(common(in), in.text(Variable.ADMIN_TOKEN_SECRET_ID), in.text(Variable.SECRET_PREFIX),
                Duration.ofSeconds(in.integer(Variable.API_STIGG_TIMEOUT_SECONDS, 1, 25)),
                new OrgLimits(in.integer(Variable.ORG_REQUESTS_PER_SECOND, 1, OrgLimits.MAX_REQUESTS_PER_SECOND),
                        in.integer(Variable.ORG_MAX_CONCURRENT_WAITS, 0, OrgLimits.MAX_WAITS)));
        in.check();
        return api;
    }

    public static Worker worker(Map<String, String> environment) {
        Reader in = new Reader(environment);
        Worker worker = new Worker(common(in), in.text(Variable.RATE_LIMITS_TABLE),
                in.integer(Variable.MAX_RECEIVE_COUNT, 2, 100), in.text(Variable.STACK_NAME),
                in.integer(Variable.WORKER_THREADS, 1, 100),
                Duration.ofSeconds(in.integer(Variable.STIGG_TIMEOUT_SECONDS, 1, 60)),
                Duration.ofMillis(in.integer(Variable.RETRY_BASE_MILLIS, 1, 900_000)),
                Duration.ofSeconds(in.integer(Variable.RETRY_MAX_SECONDS, 1, 43_200)),
                Duration.ofMillis(in.integer(Variable.STIGG_LIMIT_WINDOW_MILLIS, 1, 3_600_000)),
                Duration.ofMillis(in.integer(Variable.STIGG_LIMIT_MARGIN_MILLIS, 0, 60_000)),
                Duration.ofMillis(in.integer(Variable.PACE_INLINE_WAIT_MILLIS, 0, 60_000)),
                Duration.ofSeconds(in.integer(Variable.TENANT_CACHE_SECONDS, 0, 3_600)),
                Duration.ofMinutes(in.integer(Variable.GRANT_CUSTOMER_WAIT_MINUTES, 0, 1_440)),
                in.matching(Variable.SALESFORCE_API_VERSION, SALESFORCE_VERSION, "a version such as v62.0"),
                Duration.ofSeconds(in.integer(Variable.SALESFORCE_TIMEOUT_SECONDS, 1, 60)),
                Duration.ofSeconds(in.integer(Variable.SYNC_LINK_WAIT_SECONDS, 0, 3_600)));
        in.check();
        return worker;
    }

    private static Common common(Reader in) {
        Map<String, URI> endpoints = new LinkedHashMap<>();
        for (Variable variable : ENDPOINTS) {
            in.uri(variable).ifPresent(uri -> endpoints.put(
                    variable.name().substring(Variable.AWS_ENDPOINT_URL.name().length() + 1), uri));
        }
        Aws aws = new Aws(in.matching(Variable.AWS_REGION, REGION, "a region such as eu-west-1"), Map.copyOf(endpoints),
                in.uri(Variable.AWS_ENDPOINT_URL));
        return new Common(aws, in.text(Variable.TENANTS_TABLE), in.text(Variable.REQUESTS_TABLE),
                in.text(Variable.LINKS_TABLE), in.text(Variable.QUEUE_URL),
                in.uri(Variable.STIGG_API_URL).map(URI::toString).orElse(null),
                in.uri(Variable.STIGG_APP_URL).map(URI::toString).orElse(null));
    }

    /** Reads variables, each value or its default, and collects what is wrong with them. */
    private static final class Reader {
        private final Map<String, String> environment;
        private final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> environment) {
            this.environment = environment;
        }

        /** The value, trimmed; else the default; else null, noting a problem if it is required. */
        String text(Variable variable) {
            String value = environment.get(variable.name());
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
            if (variable.required()) {
                problems.add(variable.name() + " is not set");
            }
            return variable.fallback();
        }

        int integer(Variable variable, int min, int max) {
            String text = text(variable);
            if (text == null) {
                return 0;
            }
            try {
                int value = Integer.parseInt(text);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(variable.name() + " must be a whole number from " + min + " to " + max + ", not " + quote(text));
            return 0;
        }

        String matching(Variable variable, Pattern pattern, String expected) {
            String text = text(variable);
            if (text != null && !pattern.matcher(text).matches()) {
                problems.add(variable.name() + " must be " + expected + ", not " + quote(text));
            }
            return text;
        }

        /** An absolute http(s) URL with a host. */
        Optional<URI> uri(Variable variable) {
            String text = text(variable);
            if (text == null) {
                return Optional.empty();
            }
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (uri.getHost() != null && (scheme.equals("https") || scheme.equals("http"))) {
                    return Optional.of(uri);
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            problems.add(variable.name() + " must be an absolute http(s) URL, not " + quote(text));
            return Optional.empty();
        }

        void check() {
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
        }

        private static String quote(String text) {
            return "\"" + (text.length() > 100 ? text.substring(0, 100) + "..." : text) + "\"";
        }
    }
}
