package io.sfstigg.core.stigg;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Stigg's error codes ({@code errors[0].extensions.code}, see docs/operations.md) and the
 * transport failures of a call, each with its retry class. A code Stigg adds later parses to
 * {@link #UNKNOWN}: permanent, so an answer nobody has seen is looked at, not retried in vain.
 */
public enum StiggErrorCode {
    // Not found
    CUSTOMER_NOT_FOUND("CustomerNotFound", RetryClass.PERMANENT),
    PLAN_NOT_FOUND("PlanNotFound", RetryClass.PERMANENT),
    ADDON_NOT_FOUND("AddonNotFound", RetryClass.PERMANENT),
    CUSTOM_CURRENCY_NOT_FOUND("CustomCurrencyNotFound", RetryClass.PERMANENT),
    COUPON_NOT_FOUND("CouponNotFound", RetryClass.PERMANENT),
    SUBSCRIPTION_NOT_FOUND("SubscriptionNotFound", RetryClass.PERMANENT),
    CREDIT_GRANT_NOT_FOUND("CreditGrantNotFound", RetryClass.PERMANENT),
    // Conflicts: the entity already is as asked
    DUPLICATED_ENTITY_NOT_ALLOWED("DuplicatedEntityNotAllowed", RetryClass.CONFLICT),
    SUBSCRIPTION_ALREADY_CANCELED_OR_EXPIRED("SubscriptionAlreadyCanceledOrExpired", RetryClass.CONFLICT),
    // Limits
    INCOMPATIBLE_SUBSCRIPTION_ADDON("IncompatibleSubscriptionAddon", RetryClass.PERMANENT),
    ADDON_QUANTITY_EXCEEDS_LIMIT("AddonQuantityExceedsLimitError", RetryClass.PERMANENT),
    TOO_MANY_SUBSCRIPTIONS_PER_CUSTOMER("TooManySubscriptionsPerCustomer", RetryClass.PERMANENT),
    // Validation
    BAD_USER_INPUT("BadUserInput", RetryClass.PERMANENT),
    INVALID_ARGUMENT("InvalidArgumentError", RetryClass.PERMANENT),
    INVALID_QUANTITY("InvalidQuantity", RetryClass.PERMANENT),
    INVALID_METADATA("InvalidMetadataError", RetryClass.PERMANENT),
    BILLING_PERIOD_MISSING("BillingPeriodMissingError", RetryClass.PERMANENT),
    EXPIRE_AT_MUST_BE_LATER_THAN_EFFECTIVE_AT("ExpireAtMustBeLaterThanEffectiveAtError", RetryClass.PERMANENT),
    ENTITLEMENT_LIMIT_EXCEEDED("EntitlementLimitExceededError", RetryClass.PERMANENT),
    // Catalog state
    UNPUBLISHED_PACKAGE("UnPublishedPackage", RetryClass.PERMANENT),
    ENTITY_IS_ARCHIVED("EntityIsArchivedError", RetryClass.PERMANENT),
    // The API key
    UNAUTHENTICATED("Unauthenticated", RetryClass.KEY_REJECTED),
    IDENTITY_FORBIDDEN("IdentityForbidden", RetryClass.KEY_REJECTED),
    API_KEY_EXPIRED("ApiKeyExpired", RetryClass.KEY_REJECTED),
    ACCESS_DENIED("AccessDeniedError", RetryClass.PERMANENT),
    // Stigg's side
    RATE_LIMIT_EXCEEDED("RateLimitExceeded", RetryClass.RATE_LIMITED),
    OPERATION_TIMEOUT("OperationTimeout", RetryClass.RETRYABLE),
    UNEXPECTED_ERROR("UnexpectedError", RetryClass.RETRYABLE),
    // Transport: no code from Stigg
    TIMEOUT("Timeout", RetryClass.RETRYABLE),
    CONNECTION_FAILED("ConnectionFailed", RetryClass.RETRYABLE),
    /** HTTP 5xx; reported as {@code HttpStatus503} and so on. */
    HTTP_SERVER_ERROR(null, RetryClass.RETRYABLE),
    /** A 2xx or 3xx answer without {@code data}. */
    HTTP_NO_DATA(null, RetryClass.RETRYABLE),
    /** Another 4xx without a GraphQL error. */
    HTTP_CLIENT_ERROR(null, RetryClass.PERMANENT),
    /** A code not listed here. */
    UNKNOWN(null, RetryClass.PERMANENT);

    /** What the worker does with a failed call. */
    public enum RetryClass {
        /** Try again after a back-off. */
        RETRYABLE(true),
        /** Stigg's rate limit: wait for the window, without spending a receive. */
        RATE_LIMITED(true),
        /** The org's key was refused: permanent, unless the org has saved a newer key. */
        KEY_REJECTED(false),
        /** The entity already exists or has already ended: the call that expects it reads it as an answer. */
        CONFLICT(false),
        /** Permanent until a person fixes the data and replays. */
        PERMANENT(false);

        private final boolean retryable;

        RetryClass(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private static final Map<String, StiggErrorCode> BY_CODE = Arrays.stream(values())
            .filter(code -> code.code != null)
            .collect(Collectors.toUnmodifiableMap(code -> code.code, Function.identity()));

    private final String code;
    private final RetryClass retryClass;

    StiggErrorCode(String code, RetryClass retryClass) {
        this.code = code;
        this.retryClass = retryClass;
    }

    /** The code as Stigg (or the transport) reports it; null for those reported with their HTTP status. */
    public String code() {
        return code;
    }

    public RetryClass retryClass() {
        return retryClass;
    }

    public boolean retryable() {
        return retryClass.retryable();
    }

    /** The entry for a code as Stigg sends it (case-sensitive, as Stigg's codes are); {@link #UNKNOWN} otherwise. */
    public static StiggErrorCode parse(String code) {
        return code == null ? UNKNOWN : BY_CODE.getOrDefault(code, UNKNOWN);
    }
}
