package io.sfstigg.core.stigg;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** Reads a metadata value of any JSON type as text: a scalar as its text, an object or array as its JSON. */
final class MetadataText extends JsonDeserializer<String> {
    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonNode value = context.readTree(parser);
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
