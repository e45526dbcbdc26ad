package io.sfstigg.core.config;

/**
 * Every environment variable the functions read, with its default: the one list of them.
 * {@link Config} parses them; template.yaml sets them; docs/operations.md lists them (a test
 * checks both against this list).
 */
public enum Variable {
    AWS_REGION(Scope.BOTH, SetBy.LAMBDA, "us-east-1", "Region of the SDK clients."),
    AWS_ENDPOINT_URL(Scope.BOTH, SetBy.LOCAL, null, "Endpoint of every AWS service, as the SDKs read it."),
    AWS_ENDPOINT_URL_DYNAMODB(Scope.BOTH, SetBy.LOCAL, null, "DynamoDB's endpoint."),
    AWS_ENDPOINT_URL_SQS(Scope.BOTH, SetBy.LOCAL, null, "SQS's endpoint."),
    AWS_ENDPOINT_URL_SECRETS_MANAGER(Scope.BOTH, SetBy.LOCAL, null, "Secrets Manager's endpoint."),
    TENANTS_TABLE(Scope.BOTH, SetBy.TEMPLATE, null, "Table of orgs, tokens, Stigg and sync configurations."),
    REQUESTS_TABLE(Scope.BOTH, SetBy.TEMPLATE, null, "Table of requests (the ledger), opportunities and wait slots."),
    LINKS_TABLE(Scope.BOTH, SetBy.TEMPLATE, null, "Table of links between Salesforce records and Stigg entities."),
    QUEUE_URL(Scope.BOTH, SetBy.TEMPLATE, null, "The provisioning queue."),
    STIGG_API_URL(Scope.BOTH, SetBy.TEMPLATE, "https://api.stigg.io/graphql", "Stigg's GraphQL endpoint."),
    STIGG_APP_URL(Scope.BOTH, SetBy.TEMPLATE, "https://app.stigg.io", "Base of the deep links into Stigg's app."),
    ADMIN_TOKEN_SECRET_ID(Scope.API, SetBy.TEMPLATE, null, "Secret holding the admin token."),
    SECRET_PREFIX(Scope.API, SetBy.TEMPLATE, "salesforce-stigg-provisioner/stigg/",
            "Name prefix of the secrets the API writes (the functions' IAM policies grant this prefix)."),
    ORG_REQUESTS_PER_SECOND(Scope.API, SetBy.TEMPLATE, "50",
            "Requests an org may send a second unless it has its own limit (half the stage's 100/s)."),
    ORG_MAX_CONCURRENT_WAITS(Scope.API, SetBy.TEMPLATE, "10",
            "Prefer-wait requests an org may hold at once unless it has its own limit (each holds an instance up to 25 s)."),
    API_STIGG_TIMEOUT_SECONDS(Scope.API, SetBy.TUNING, "5", "Timeout of the API's Stigg calls (checking a key)."),
    RATE_LIMITS_TABLE(Scope.WORKER, SetBy.TEMPLATE, null, "Table of the Stigg call permits."),
    MAX_RECEIVE_COUNT(Scope.WORKER, SetBy.TEMPLATE, "12", "Deliveries of a message before the queue dead-letters it (the queue's own)."),
    STACK_NAME(Scope.WORKER, SetBy.TEMPLATE, "salesforce-stigg-provisioner", "The metrics' Stack dimension."),
    SALESFORCE_API_VERSION(Scope.WORKER, SetBy.TEMPLATE, "v62.0", "Salesforce REST API version of the Stigg sync."),
    WORKER_THREADS(Scope.WORKER, SetBy.TUNING, "10", "Messages of one batch processed at once."),
    STIGG_TIMEOUT_SECONDS(Scope.WORKER, SetBy.TUNING, "10", "Timeout of the worker's Stigg calls."),
    RETRY_BASE_MILLIS(Scope.WORKER, SetBy.TUNING, "2000", "First retry delay; it doubles with each delivery."),
    RETRY_MAX_SECONDS(Scope.WORKER, SetBy.TUNING, "900", "Longest retry delay."),
    STIGG_LIMIT_WINDOW_MILLIS(Scope.WORKER, SetBy.TUNING, "60000", "Stigg's rate-limit window."),
    STIGG_LIMIT_MARGIN_MILLIS(Scope.WORKER, SetBy.TUNING, "1000", "Added to the window: covers the time from permit to Stigg."),
    PACE_INLINE_WAIT_MILLIS(Scope.WORKER, SetBy.TUNING, "1000",
            "Permit waits up to this long are waited in the function; longer ones re-queue the message."),
    TENANT_CACHE_SECONDS(Scope.WORKER, SetBy.TUNING, "30", "How long a worker instance caches an org's configuration."),
    GRANT_CUSTOMER_WAIT_MINUTES(Scope.WORKER, SetBy.TUNING, "30",
            "How long a credit grant retries while its customer is not yet in Stigg."),
    SALESFORCE_TIMEOUT_SECONDS(Scope.WORKER, SetBy.TUNING, "10", "Timeout of the Stigg sync's Salesforce calls."),
    SYNC_LINK_WAIT_SECONDS(Scope.WORKER, SetBy.TUNING, "120", "How long a Stigg event waits for the link its entity will get.");

    /** Which functions read a variable. */
    public enum Scope { API, WORKER, BOTH }

    /**
     * Who sets a variable: template.yaml (Globals), Lambda itself, nobody unless an operator tunes
     * the function (the default serves), or only the local runner (unset in AWS).
     */
    public enum SetBy { TEMPLATE, LAMBDA, TUNING, LOCAL }

    private final Scope scope;
    private final SetBy setBy;
    private final String fallback;
    private final String meaning;

    Variable(Scope scope, SetBy setBy, String fallback, String meaning) {
        this.scope = scope;
        this.setBy = setBy;
        this.fallback = fallback;
        this.meaning = meaning;
    }

    public Scope scope() {
        return scope;
    }

    public SetBy setBy() {
        return setBy;
    }

    /** Set by the template with no default: the functions do not start without it. */
    public boolean required() {
        return setBy == SetBy.TEMPLATE && fallback == null;
    }

    /** The value when unset; null for a required variable or one with no default. */
    public String fallback() {
        return fallback;
    }

    public String meaning() {
        return meaning;
    }
}
