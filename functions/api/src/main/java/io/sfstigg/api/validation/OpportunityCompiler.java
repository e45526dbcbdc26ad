package io.sfstigg.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfstigg.core.model.BillingPeriod;
import io.sfstigg.core.model.CreditCadence;
import io.sfstigg.core.model.Money;
import io.sfstigg.core.model.PaymentCollectionMethod;
import io.sfstigg.core.model.SalesforceId;
import io.sfstigg.core.model.SubscriptionRequest;
import io.sfstigg.core.model.SubscriptionRequest.AddonLine;
import io.sfstigg.core.model.SubscriptionRequest.CreditEntitlement;
import io.sfstigg.core.model.SubscriptionRequest.FeatureEntitlement;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stigg's Closed-Won template in Java: compiles an opportunity's line items, by each product's
 * Stigg Type and Stigg ID, into one subscription (and its customer). Malformed input is a
 * {@link ValidationException} (400); input that is well-formed but cannot be mapped is a
 * {@link MappingException} (422) naming the line items.
 */
public final class OpportunityCompiler {
    private static final int MAX_LINES = 200;
    private final String defaultCurrency;

    public OpportunityCompiler(String defaultCurrency) {
        this.defaultCurrency = defaultCurrency;
    }

    /** Well-formed input whose line items do not make one subscription. */
    public static final class MappingException extends RuntimeException {
        private final List<FieldError> errors;

        MappingException(List<FieldError> errors) {
            super("the line items cannot be provisioned: " + errors.size() + " problem(s)");
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }

    enum StiggType { PLAN, ADDON, ENTITLEMENT, CREDIT_ENTITLEMENT }

    private record Line(int index, String productName, StiggType type, String stiggId, BigDecimal quantity,
            BigDecimal unitPrice, BigDecimal totalPrice, BigDecimal amount, CreditCadence cadence) {}

    public SubscriptionRequest compile(String opportunityId, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        List<FieldError> mapping = new ArrayList<>();
        Fields f = Fields.of(body, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String opportunity = SalesforceId.to18(opportunityId, SalesforceId.KeyPrefix.OPPORTUNITY).orElse(null);
        if (opportunity == null) {
            errors.add(new FieldError("opportunityId",
                    "the path must hold a 15- or 18-character Opportunity id (it starts with 006)"));
        }
        f.rejectUnknown("account", "contact", "stiggCustomerId", "billingPeriod", "paymentCollectionMethod", "trial",
                "trialEndDate", "startDate", "currencyCode", "lineItems", "revision", "systemModstamp", "applyAt",
                "newSubscription");
        Fields account = f.object("account", true);
        String accountId = null;
        String accountName = null;
        if (account != null) {
            account.rejectUnknown("id", "name");
            accountId = account.salesforceId("id", true, SalesforceId.KeyPrefix.ACCOUNT);
            accountName = account.text("name");
        }
        Fields contact = f.object("contact", false);
        String email = null;
        if (contact != null) {
            contact.rejectUnknown("email");
            email = contact.email("email");
        }
        String customerId = f.stiggId("stiggCustomerId", false);
        boolean trial = Boolean.TRUE.equals(f.bool("trial"));
        String trialEnd = f.instant("trialEndDate");
        String start = f.instant("startDate");
        RequestParser.checkTrial(f, trial, trialEnd, start);
        BillingPeriod period = f.enumValue("billingPeriod", BillingPeriod.class, false, RequestParser.BILLING_ALIASES);
        PaymentCollectionMethod collection = f.enumValue("paymentCollectionMethod", PaymentCollectionMethod.class, false,
                RequestParser.COLLECTION_ALIASES);
        String currency = f.currency("currencyCode", false, defaultCurrency);
        if (!f.has("lineItems")) {
            f.error("lineItems", "is required: the opportunity's products with their Stigg Type and Stigg ID");
        }
        List<Line> lines = readLines(f, mapping);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        SubscriptionRequest compiled = toSubscription(lines, mapping, opportunity, accountId, accountName, email,
                customerId, period, collection, trial, trialEnd, start, currency);
        if (!mapping.isEmpty()) {
            throw new MappingException(mapping);
        }
        return compiled;
    }

    private static List<Line> readLines(Fields f, List<FieldError> mapping) {
        int[] index = {0};
        return f.list("lineItems", MAX_LINES, item -> {
            int i = index[0]++;
            item.rejectUnknown("productId", "productName", "stiggType", "stiggId", "quantity", "unitPrice", "totalPrice",
                    "amount", "cadence");
            String where = "lineItems[" + i + "]";
            String name = item.text("productName");
            String label = name != null ? " (" + Text.quote(name) + ")" : "";
            StiggType type = stiggType(item.text("stiggType"), where, label, mapping);
            String stiggId = item.stiggId("stiggId", false);
            if (stiggId == null && type != null) {
                mapping.add(new FieldError(where + ".stiggId", "the product" + label + " has no Stigg ID"));
            }
            BigDecimal quantity = quantity(item, where, label, mapping);
            BigDecimal unit = item.decimal("unitPrice", false, NumberBounds.MONEY);
            BigDecimal total = item.decimal("totalPrice", false, NumberBounds.MONEY);
            BigDecimal amount = item.decimal("amount", false, NumberBounds.CREDITS);
            CreditCadence cadence = item.has("cadence")
                    ? item.enumValue("cadence", CreditCadence.class, true, RequestParser.CADENCE_ALIASES) : CreditCadence.MONTH;
            return new Line(i, name, type, stiggId, quantity, unit, total, amount, cadence);
        });
    }

    private static StiggType stiggType(String text, String where, String label, List<FieldError> mapping) {
        if (text == null) {
            mapping.add(new FieldError(where + ".stiggType", "the product" + label + " has no Stigg Type"));
            return null;
        }
        String key = text.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
        StiggType type = switch (key) {
            case "plan" -> StiggType.PLAN;
            case "addon" -> StiggType.ADDON;
            case "entitlement" -> StiggType.ENTITLEMENT;
            case "creditentitlement" -> StiggType.CREDIT_ENTITLEMENT;
            default -> null;
        };
        if (type == null) {
            mapping.add(new FieldError(where + ".stiggType", "unknown Stigg Type '" + Text.quote(text) + "' on the product" + label
                    + "; expected Plan, Add-on, Entitlement or Credit entitlement"));
        }
        return type;
    }

    private static BigDecimal quantity(Fields item, String where, String label, List<FieldError> mapping) {
        if (!item.has("quantity")) {
            return BigDecimal.ONE;
        }
        BigDecimal quantity = item.decimal("quantity", true, NumberBounds.QUANTITY);
        if (quantity != null && quantity.signum() <= 0) {
            mapping.add(new FieldError(where + ".quantity", "the product" + label + " has quantity "
                    + quantity.toPlainString() + "; it must be greater than 0"));
            return null;
        }
        return quantity;
    }

    private SubscriptionRequest toSubscription(List<Line> lines, List<FieldError> mapping, String opportunity,
            String accountId, String accountName, String email, String customerId, BillingPeriod period,
            PaymentCollectionMethod collection, boolean trial, String trialEnd, String start, String currency) {
        List<Line> plans = lines.stream().filter(l -> l.type() == StiggType.PLAN).toList();
        if (plans.size() != 1) {
            mapping.add(new FieldError("lineItems", plans.isEmpty()
                    ? "no line item has Stigg Type Plan; exactly one is needed"
                    : "line items " + plans.stream().map(l -> "lineItems[" + l.index() + "]").toList()
                            + " are all of Stigg Type Plan; exactly one is allowed"));
        }
        List<AddonLine> addons = new ArrayList<>();
        List<FeatureEntitlement> features = new ArrayList<>();
        List<CreditEntitlement> credits = new ArrayList<>();
        for (Line line : lines) {
            if (line.type() == null || line.stiggId() == null || line.quantity() == null) {
                continue;
            }
            switch (line.type()) {
                case ADDON -> addons.add(new AddonLine(line.stiggId(), wholeQuantity(line, mapping)));
                case ENTITLEMENT -> features.add(new FeatureEntitlement(line.stiggId(), line.quantity()));
                case CREDIT_ENTITLEMENT -> credits.add(new CreditEntitlement(line.stiggId(),
                        line.amount() != null ? line.amount() : line.quantity(), line.cadence(),
                        price(line, currency, mapping)));
                case PLAN -> { }
            }
        }
        Line plan = plans.size() == 1 ? plans.get(0) : null;
        Money baseCharge = plan == null ? null : price(plan, currency, mapping);
        String account = accountId;
        return new SubscriptionRequest(account, customerId != null ? customerId : account, email, accountName,
                opportunity, plan == null ? null : plan.stiggId(), baseCharge, addons, features, period, collection,
                trial, trialEnd, start, null, credits);
    }

    private static int wholeQuantity(Line line, List<FieldError> mapping) {
        if (line.quantity().stripTrailingZeros().scale() > 0) {
            mapping.add(new FieldError("lineItems[" + line.index() + "].quantity",
                    "an add-on quantity must be a whole number, got " + line.quantity().toPlainString()));
            return 1;
        }
        return line.quantity().intValueExact();
    }

    /** The line's price (total, else unit × quantity) when it differs from zero. */
    private static Money price(Line line, String currency, List<FieldError> mapping) {
        BigDecimal price = line.totalPrice() != null ? line.totalPrice()
                : line.unitPrice() != null && line.quantity() != null ? line.unitPrice().multiply(line.quantity()) : null;
        if (price == null || price.signum() == 0) {
            return null;
        }
        price = price.setScale(NumberBounds.MONEY.scale(), RoundingMode.HALF_EVEN);
        if (price.precision() - price.scale() > NumberBounds.MONEY.integerDigits()) {
            mapping.add(new FieldError("lineItems[" + line.index() + "].unitPrice", "unitPrice × quantity "
                    + NumberBounds.MONEY.shape()));
            return null;
        }
        if (currency == null) {
            mapping.add(new FieldError("currencyCode", "lineItems[" + line.index() + "] has a price: send currencyCode,"
                    + " or set defaultCurrency with PUT /v1/config"));
            return null;
        }
        return new Money(price.stripTrailingZeros(), currency);
    }
}
