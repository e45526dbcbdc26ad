package io.sfstigg.core.config;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The function's configuration: environment variables as the template and Lambda set them, and
 * nothing else. Endpoints use the AWS SDK's standard names
 * ({@code AWS_ENDPOINT_URL_DYNAMODB}, ...), so nothing here knows whether it runs locally.
 */
public final class Settings {
    public static final String TENANTS_TABLE = "TENANTS_TABLE";
    public static final String REQUESTS_TABLE = "REQUESTS_TABLE";
    public static final String LINKS_TABLE = "LINKS_TABLE";
    public static final String RATE_LIMITS_TABLE = "RATE_LIMITS_TABLE";
    public static final String QUEUE_URL = "QUEUE_URL";
    public static final String STIGG_API_URL = "STIGG_API_URL";
    public static final String STIGG_APP_URL = "STIGG_APP_URL";
    public static final String SECRET_PREFIX = "SECRET_PREFIX";
    public static final String ADMIN_TOKEN_SECRET_ID = "ADMIN_TOKEN_SECRET_ID";
    public static final String MAX_RECEIVE_COUNT = "MAX_RECEIVE_COUNT";
    public static final String AWS_REGION = "AWS_REGION";

    private final UnaryOperator<String> source;

    public Settings(UnaryOperator<String> source) {
        this.source = source;
    }

    public static Settings fromEnvironment() {
        return new Settings(System::getenv);
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(values::get);
    }

    public Optional<String> find(String name) {
        String value = source.apply(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String require(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("configuration " + name + " is not set"));
    }

    public String get(String name, String fallback) {
        return find(name).orElse(fallback);
    }

    public int getInt(String name, int fallback) {
        return find(name).map(Integer::parseInt).orElse(fallback);
    }

    /** {@code AWS_ENDPOINT_URL_<SERVICE>}, then {@code AWS_ENDPOINT_URL}, as the SDKs read them. */
    public Optional<URI> endpoint(String service) {
        return find("AWS_ENDPOINT_URL_" + service).or(() -> find("AWS_ENDPOINT_URL")).map(URI::create);
    }

    public String region() {
        return get(AWS_REGION, "us-east-1");
    }
}
