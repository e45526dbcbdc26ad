package io.sfstigg.local.aws;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import java.net.URI;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * DynamoDB Local, in memory, in this JVM, telemetry off, its HTTP server pinned to 127.0.0.1
 * (its command line has no host option and would listen on every interface).
 */
public final class LocalDynamoDb implements AutoCloseable {
    private final DynamoDBProxyServer proxy;
    private final Server jetty;

    private LocalDynamoDb(DynamoDBProxyServer proxy, Server jetty) {
        this.proxy = proxy;
        this.jetty = jetty;
    }

    /**
     * Starts on {@code port}, or on a free port when it is 0 (DynamoDB Local itself refuses port 0).
     * One database for every caller ({@code -sharedDb}), as an account's tables are the same
     * whatever credentials the functions present; without it DynamoDB Local keeps one per access key.
     */
    public static LocalDynamoDb start(int port) throws Exception {
        System.setProperty("DDB_LOCAL_TELEMETRY", "0");
        int chosen = port != 0 ? port : freePort();
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", String.valueOf(chosen)});
        Server jetty = jettyOf(proxy);
        for (Connector connector : jetty.getConnectors()) {
            ((ServerConnector) connector).setHost("127.0.0.1");
        }
        proxy.start();
        return new LocalDynamoDb(proxy, jetty);
    }

    /** Creates each table as the template declares the project's tables: billed per request, keyed by a string {@code pk}. */
    public static void createTables(DynamoDbClient dynamo, String... tables) {
        for (String table : tables) {
            dynamo.createTable(r -> r.tableName(table).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Server jettyOf(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        return (Server) field.get(proxy);
    }

    /** The address the connector is bound to (127.0.0.1). */
    public String host() {
        return ((ServerConnector) jetty.getConnectors()[0]).getHost();
    }

    public int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
