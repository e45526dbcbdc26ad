package io.sfstigg.core.model;

/**
 * The version of an opportunity a request carries: Salesforce's {@code SystemModstamp} (as epoch
 * milliseconds) or an explicit whole-number {@code revision}. Higher is newer; {@code text} is
 * what the caller sent, for messages.
 */
public record Revision(long value, String text) {
    public boolean isOlderThan(Revision other) {
        return other != null && value < other.value;
    }
}
