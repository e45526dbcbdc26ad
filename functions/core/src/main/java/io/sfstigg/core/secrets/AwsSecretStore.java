package io.sfstigg.core.secrets;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

public final class AwsSecretStore implements SecretStore {
    private final SecretsManagerClient client;

    public AwsSecretStore(SecretsManagerClient client) {
        this.client = client;
    }

    @Override
    public String read(String secretId) {
        try {
            return client.getSecretValue(r -> r.secretId(secretId)).secretString();
        } catch (ResourceNotFoundException e) {
            throw new SecretNotFoundException(secretId);
        }
    }

    @Override
    public String write(String name, String value) {
        try {
            return client.putSecretValue(r -> r.secretId(name).secretString(value)).arn();
        } catch (ResourceNotFoundException e) {
            return client.createSecret(r -> r.name(name).secretString(value)
                    .description("Stigg Integration API key used by the Salesforce provisioner")).arn();
        }
    }
}
