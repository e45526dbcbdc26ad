package io.sfstigg.worker;

import static io.sfstigg.core.log.Log.kv;

import io.sfstigg.core.hash.Sha256;
import io.sfstigg.core.json.Json;
import io.sfstigg.core.ledger.RequestRecord;
import io.sfstigg.core.ledger.SyncResult;
import io.sfstigg.core.links.DeepLinks;
import io.sfstigg.core.links.LinkStore;
import io.sfstigg.core.log.Log;
import io.sfstigg.core.salesforce.Salesforce;
import io.sfstigg.core.salesforce.SalesforceCredentials;
import io.sfstigg.core.salesforce.SalesforceException;
import io.sfstigg.core.secrets.SecretNotFoundException;
import io.sfstigg.core.secrets.SecretStore;
import io.sfstigg.core.stigg.Stigg;
import io.sfstigg.core.stigg.StiggCustomer;
import io.sfstigg.core.stigg.StiggSubscription;
import io.sfstigg.core.stigg.StiggException;
import io.sfstigg.core.sync.EntityStates;
import io.sfstigg.core.sync.FieldMapping;
import io.sfstigg.core.sync.SyncConfig;
import io.sfstigg.core.sync.SyncConfigStore;
import io.sfstigg.core.sync.SyncSecrets;
import io.sfstigg.core.tenant.Tenant;
import io.sfstigg.core.model.StiggEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies one Stigg event to the Salesforce record linked to its entity (subscription →
 * Opportunity, customer and credit balance → Account), newest state wins: an event older than
 * the state applied for its entity writes nothing; an event without a time is ambiguous and the
 * entity is re-read from Stigg; values equal to those last written are not written again.
 */
final class StiggEventApplier {
    private static final Log LOG = Log.of(StiggEventApplier.class);
    /** How long an entity is held while its event is applied; a crashed worker's hold expires. */
    static final Duration ENTITY_LEASE = Duration.ofSeconds(30);

    private final SyncConfigStore configs;
    private final SecretStore secrets;
    private final LinkStore links;
    private final EntityStates states;
    private final Salesforce salesforce;
    private final Stigg stigg;
    private final DeepLinks deepLinks;
    private final Duration waitForLink;
    private final Clock clock;

    StiggEventApplier(SyncConfigStore configs, SecretStore secrets, LinkStore links, EntityStates states,
            Salesforce salesforce, Stigg stigg, DeepLinks deepLinks, Duration waitForLink, Clock clock) {
        this.configs = configs;
        this.secrets = secrets;
        this.links = links;
        this.states = states;
        this.salesforce = salesforce;
        this.stigg = stigg;
        this.deepLinks = deepLinks;
        this.waitForLink = waitForLink;
        this.clock = clock;
    }

    /** The write this event makes: one record, its object and the values by logical name. */
    record Target(String object, String recordId, Map<String, Object> values, Instant stateTime) {}

    SyncResult apply(RequestRecord record, StiggEvent event, Tenant tenant, String stiggApiKey) {
        String recordId = linkedRecord(record, event);
        if (recordId == null) {
            return outcome(event, SyncResult.Sync.NOT_LINKED, null, null, Map.of());
        }
        SyncConfig config = configs.find(tenant.tenantId()).filter(SyncConfig::canWriteSalesforce)
                .orElseThrow(() -> new SyncException("SalesforceNotConfigured",
                        "the org has no Salesforce instance URL, client id and client secret configured", false));
        Target target = target(event, tenant, stiggApiKey, recordId);
        Instant now = clock.instant();
        EntityStates.Claim claim = states.claim(tenant.tenantId(), event.entityKey(), target.stateTime(),
                event.messageId(), now, now.plus(ENTITY_LEASE));
        if (claim.outcome() == EntityStates.Outcome.STALE) {
            LOG.info("older than the state applied: nothing written", kv("tenantId", tenant.tenantId()),
                    kv("messageId", event.messageId()), kv("entity", event.entityKey()));
            return outcome(event, SyncResult.Sync.STALE, target.object(), recordId, Map.of());
        }
        if (claim.outcome() == EntityStates.Outcome.BUSY) {
            throw new SyncException("EntityBusy", "another event of " + event.entityKey() + " is being applied", true);
        }
        FieldMapping mapping = (config.mapping() == null ? FieldMapping.defaults() : config.mapping()).orDefaults();
        Map<String, Object> fields = FieldMapping.fields(
                "Opportunity".equals(target.object()) ? mapping.opportunity() : mapping.account(), target.values());
        String digest = Sha256.hex(target.object() + "/" + recordId + "\n" + Json.canonical(Json.MAPPER.valueToTree(fields)));
        if (digest.equals(claim.appliedDigest()) || fields.isEmpty()) {
            states.applied(tenant.tenantId(), event.entityKey(), event.messageId(), digest);
            return outcome(event, SyncResult.Sync.UNCHANGED, target.object(), recordId, fields);
        }
        try {
            salesforce.update(credentials(config), target.object(), recordId, fields);
        } catch (SalesforceException e) {
            states.release(tenant.tenantId(), event.entityKey(), event.messageId());
            throw new SyncException(e.reportedCode(), "Salesforce: " + e.getMessage(), e.retryable());
        }
        states.applied(tenant.tenantId(), event.entityKey(), event.messageId(), digest);
        LOG.info("Stigg event applied to Salesforce", kv("tenantId", tenant.tenantId()),
                kv("messageId", event.messageId()), kv("type", event.type()), kv("object", target.object()),
                kv("recordId", recordId), kv("fields", fields.keySet()));
        return outcome(event, SyncResult.Sync.APPLIED, target.object(), recordId, fields);
    }

    /**
     * The Opportunity or Account the event's entity is linked to. An entity not linked (yet: a
     * {@code subscription.created} can arrive before provisioning records its link) is retried
     * for {@code waitForLink}, then left alone: it was not provisioned from Salesforce.
     */
    private String linkedRecord(RequestRecord record, StiggEvent event) {
        Optional<String> id = switch (event.kind()) {
            case SUBSCRIPTION -> links.salesforceIdOf(record.tenantId(), "subscription", event.entityId());
            case CUSTOMER, CREDIT_BALANCE -> links.salesforceIdOf(record.tenantId(), "customer", event.customerId());
            case UNKNOWN -> Optional.empty();
        };
        if (id.isEmpty() && clock.instant().isBefore(record.createdAt().plus(waitForLink))) {
            throw new SyncException("NotLinkedYet", "no Salesforce record is linked to " + event.entityKey() + " yet", true);
        }
        return id.orElse(null);
    }

    private Target target(StiggEvent event, Tenant tenant, String stiggApiKey, String recordId) {
        return switch (event.kind()) {
            case SUBSCRIPTION -> event.timestamp() != null
                    ? new Target("Opportunity", recordId, subscriptionValues(event.subscription(), tenant, event.entityId()),
                            event.timestamp())
                    : reread(event, tenant, stiggApiKey, recordId);
            case CUSTOMER -> new Target("Account", recordId,
                    Map.of("customerUrl", deepLinks.stiggCustomer(tenant.stiggEnvironmentSlug(), event.entityId())),
                    event.timestamp() != null ? event.timestamp() : clock.instant());
            case CREDIT_BALANCE -> {
                Map<String, Object> values = new LinkedHashMap<>();
                values.put("creditBalance", event.credit().remainingBalance() == null ? null
                        : new java.math.BigDecimal(event.credit().remainingBalance().toPlainString()));
                values.put("creditStatus", event.credit().level());
                yield new Target("Account", recordId, values, event.timestamp() != null ? event.timestamp() : clock.instant());
            }
            case UNKNOWN -> throw new IllegalStateException("unknown events are not queued");
        };
    }

    /** An event without a time cannot be ordered: the subscription as Stigg holds it now is applied instead. */
    private Target reread(StiggEvent event, Tenant tenant, String stiggApiKey, String recordId) {
        Instant readAt = clock.instant();
        Optional<StiggCustomer> customer;
        try {
            customer = event.customerId() == null ? Optional.empty() : stigg.findCustomer(stiggApiKey, event.customerId());
        } catch (StiggException e) {
            throw new SyncException(e.reportedCode(), "Stigg, re-reading the subscription: " + e.getMessage(),
                    e.retryable(), e.traceId());
        }
        Optional<StiggSubscription> held = customer.map(StiggCustomer::subscriptions).orElse(List.of()).stream()
                .filter(subscription -> event.entityId().equals(subscription.subscriptionId()))
                .findFirst();
        if (held.isPresent()) {
            StiggSubscription subscription = held.get();
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("subscriptionStatus", subscription.status());
            values.put("plan", subscription.planName() != null ? subscription.planName() : subscription.planId());
            values.put("trialEnd", date(subscription.trialEndDate()));
            values.put("subscriptionUrl", deepLinks.stiggSubscription(tenant.stiggEnvironmentSlug(), event.entityId()));
            return new Target("Opportunity", recordId, values, readAt);
        }
        LOG.warn("event without a time for a subscription Stigg does not return: its own state is applied",
                kv("tenantId", tenant.tenantId()), kv("messageId", event.messageId()));
        return new Target("Opportunity", recordId, subscriptionValues(event.subscription(), tenant, event.entityId()), readAt);
    }

    private Map<String, Object> subscriptionValues(StiggEvent.Subscription s, Tenant tenant, String subscriptionId) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("subscriptionStatus", s.status());
        values.put("plan", s.planName() != null ? s.planName() : s.planId());
        values.put("trialEnd", date(s.trialEndDate()));
        values.put("cancellationDate", date(s.cancellationDate()));
        values.put("subscriptionUrl", deepLinks.stiggSubscription(tenant.stiggEnvironmentSlug(), subscriptionId));
        return values;
    }

    private SalesforceCredentials credentials(SyncConfig config) {
        String stored;
        try {
            stored = secrets.read(config.secretId(), String.valueOf(config.updatedAt()));
        } catch (SecretNotFoundException e) {
            throw new SyncException("SalesforceSecretMissing", "the org's Salesforce client credentials are not in"
                    + " the secret store: save the sync configuration again", false);
        }
        SyncSecrets values = SyncSecrets.parse(stored);
        return new SalesforceCredentials(config.instanceUrl(), values.clientId(), values.clientSecret());
    }

    private static SyncResult outcome(StiggEvent event, SyncResult.Sync result, String object, String recordId,
            Map<String, Object> fields) {
        return new SyncResult(result, event.type(), event.messageId(), object, recordId, List.copyOf(fields.keySet()));
    }

    /** Salesforce Date fields take {@code YYYY-MM-DD}; the UTC date of the instant. */
    private static String date(String instant) {
        return instant == null ? null : instant.length() >= 10 ? instant.substring(0, 10) : instant;
    }
}
