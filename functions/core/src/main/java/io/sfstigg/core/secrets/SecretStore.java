package io.sfstigg.core.secrets;

/** Secrets Manager: the tenants' Stigg keys and the admin token. */
public interface SecretStore {
    String read(String secretId);

    /** Creates the secret or stores a new value in it; returns the secret's id (its ARN on AWS). */
    String write(String name, String value);
}
