package io.sfstigg.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper of the process, and the canonical form used for hashing bodies. The API
 * reads request bodies, the status route reads the ledger, and the worker reads messages with
 * this same reader: what one accepts, the others can read back. It refuses duplicate keys and
 * trailing content, reads every fraction as a {@code BigDecimal} (never a lossy double), and
 * bounds literals ({@link #READ_CONSTRAINTS}); what it writes stays within them, since every
 * number the API accepts is bounded (the API's NumberBounds).
 */
public final class Json {
    /** Limits on what is read: number literals, nesting, names; strings stay within the 256 KiB body. */
    public static final StreamReadConstraints READ_CONSTRAINTS = StreamReadConstraints.builder()
            .maxNumberLength(100)
            .maxNestingDepth(64)
            .maxNameLength(1_000)
            .maxStringLength(5_000_000)
            .build();

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(READ_CONSTRAINTS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A value's JSON as its tree writes it: decimals without trailing zeros ({@code 49.90} as
     * {@code 49.9}). The ledger and the queue keep requests in this form, the one they held when
     * requests were carried as trees, so a request written now has the bytes it had before.
     */
    public static String writeAsTree(Object value) {
        return write(MAPPER.valueToTree(value));
    }

    public static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T convert(Object value, Class<T> type) {
        return MAPPER.convertValue(value, type);
    }

    /**
     * Builds and caches the reader and writer of each type (and of the types inside it) now, as
     * SnapStart priming does before the snapshot, so the first request does not pay Jackson's
     * introspection of the records it reads and writes.
     */
    public static void prepare(Class<?>... types) {
        for (Class<?> type : types) {
            MAPPER.canDeserialize(MAPPER.constructType(type));
            MAPPER.canSerialize(type);
        }
    }

    /** Keys sorted at every level, so equal documents give equal strings. */
    public static String canonical(JsonNode node) {
        try {
            Object plain = CANONICAL.treeToValue(node, Object.class);
            return CANONICAL.writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
