package io.sfstigg.core.secrets;

/** The secret does not exist: reading it again will not help until someone stores it. */
public final class SecretNotFoundException extends RuntimeException {
    public SecretNotFoundException(String secretId) {
        super("no secret " + secretId);
    }
}
