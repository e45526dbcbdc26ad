package io.sfstigg.core.testing;

import io.sfstigg.local.aws.LocalAwsClients;
import io.sfstigg.local.aws.LocalDynamoDb;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local for one test class, its tables created before the class's own {@code @BeforeAll};
 * closed after its last test.
 */
public final class LocalDynamoTables implements BeforeAllCallback, AfterAllCallback {
    private final String[] tables;
    private LocalDynamoDb dynamoDb;
    private DynamoDbClient client;

    public LocalDynamoTables(String... tables) {
        this.tables = tables.clone();
    }

    public DynamoDbClient client() {
        return client;
    }

    public URI endpoint() {
        return dynamoDb.endpoint();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dynamoDb = LocalDynamoDb.start(0);
        client = LocalAwsClients.dynamoDb(dynamoDb.endpoint());
        LocalDynamoDb.createTables(client, tables);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        client.close();
        dynamoDb.close();
    }
}
