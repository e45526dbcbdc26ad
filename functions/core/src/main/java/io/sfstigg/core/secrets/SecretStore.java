package io.sfstigg.core.secrets;

/** Secrets Manager: the tenants' Stigg keys and the admin token. */
public interface SecretStore {
    /** The secret's value; {@link SecretNotFoundException} when there is no such secret. */
    String read(String secretId);

    /**
     * Reads a secret whose holder records when it last changed ({@code version}); a caching store
     * misses its cache on a new version, so a rotated secret is used at once.
     */
    default String read(String secretId, String version) {
        return read(secretId);
    }

    /** Creates the secret or stores a new value in it; returns the secret's id (its ARN on AWS). */
    String write(String name, String value);
}
