package io.sfstigg.core.model;

import java.util.Optional;

/** Salesforce record ids: 15-character (case-sensitive) and 18-character (with checksum) forms. */
public final class SalesforceId {
    private static final String SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    private SalesforceId() {}

    /** The key prefixes Salesforce fixes for the objects this API names. */
    public enum KeyPrefix {
        ACCOUNT("001", "an Account"),
        OPPORTUNITY("006", "an Opportunity"),
        ORGANIZATION("00D", "an organization (org)");

        private final String prefix;
        private final String description;

        KeyPrefix(String prefix, String description) {
            this.prefix = prefix;
            this.description = description;
        }

        public String prefix() {
            return prefix;
        }

        public String description() {
            return description;
        }

        /** Whether the id (15 or 18 characters) is of this object. */
        public boolean matches(String id) {
            return id != null && id.startsWith(prefix);
        }
    }

    /** The 18-character form of an id of one of the given objects, or empty. */
    public static Optional<String> to18(String id, KeyPrefix... objects) {
        return to18(id).filter(full -> java.util.Arrays.stream(objects).anyMatch(o -> o.matches(full)));
    }

    /** The 18-character form, or empty when the text is not a Salesforce id. */
    public static Optional<String> to18(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String trimmed = id.trim();
        if (!trimmed.matches("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}")) {
            return Optional.empty();
        }
        String base = trimmed.substring(0, 15);
        String full = base + checksum(base);
        if (trimmed.length() == 18 && !trimmed.substring(15).equalsIgnoreCase(full.substring(15))) {
            return Optional.empty();
        }
        return Optional.of(full);
    }

    private static String checksum(String base) {
        StringBuilder suffix = new StringBuilder(3);
        for (int block = 0; block < 3; block++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = base.charAt(block * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            suffix.append(SUFFIX_CHARS.charAt(bits));
        }
        return suffix.toString();
    }
}
