package io.sfstigg.local.aws;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** DynamoDB Local holding one table keyed by {@code pk}, with a client for it: a test class's store. */
public final class LocalDynamoTable implements AutoCloseable {
    private final LocalDynamoDb server;
    private final DynamoDbClient client;

    private LocalDynamoTable(LocalDynamoDb server, DynamoDbClient client) {
        this.server = server;
        this.client = client;
    }

    /** Starts DynamoDB Local on a free port and creates {@code table} in it. */
    public static LocalDynamoTable start(String table) throws Exception {
        LocalDynamoDb server = LocalDynamoDb.start(0);
        DynamoDbClient client = LocalAwsClients.dynamoDb(server.endpoint());
        LocalAwsClients.createTable(client, table);
        return new LocalDynamoTable(server, client);
    }

    public DynamoDbClient client() {
        return client;
    }

    @Override
    public void close() throws Exception {
        client.close();
        server.close();
    }
}
