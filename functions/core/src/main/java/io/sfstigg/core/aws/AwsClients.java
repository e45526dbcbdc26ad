package io.sfstigg.core.aws;

import io.sfstigg.core.config.Config;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import java.time.Duration;

/** SDK clients, built once per execution environment with the URL-connection HTTP client. */
public final class AwsClients {
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(10))
            .build();

    /**
     * Lambda gives a function its credentials as environment variables, or, with SnapStart, only
     * through the container credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and
     * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}). Naming these two providers spares the default
     * chain's probing of system properties, profile files and instance metadata at cold start.
     */
    private static final AwsCredentialsProvider CREDENTIALS = AwsCredentialsProviderChain.of(
            EnvironmentVariableCredentialsProvider.create(), ContainerCredentialsProvider.builder().build());

    private AwsClients() {}

    public static DynamoDbClient dynamoDb(Config.Aws aws) {
        var builder = DynamoDbClient.builder().httpClient(HTTP).credentialsProvider(CREDENTIALS)
                .region(Region.of(aws.region()));
        aws.endpoint("DYNAMODB").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public static SqsClient sqs(Config.Aws aws) {
        var builder = SqsClient.builder().httpClient(HTTP).credentialsProvider(CREDENTIALS)
                .region(Region.of(aws.region()));
        aws.endpoint("SQS").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public static SecretsManagerClient secretsManager(Config.Aws aws) {
        var builder = SecretsManagerClient.builder().httpClient(HTTP).credentialsProvider(CREDENTIALS)
                .region(Region.of(aws.region()));
        aws.endpoint("SECRETS_MANAGER").ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
