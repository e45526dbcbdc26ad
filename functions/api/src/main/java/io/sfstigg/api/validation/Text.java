package io.sfstigg.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Text from outside: which characters the stores can carry, and how input is quoted back. SQS
 * takes only #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF; DynamoDB and Stigg take
 * valid UTF-8 only. Refused here: lone surrogates, controls other than tab, CR and LF (C0, DEL,
 * C1) and the Unicode noncharacters (U+FDD0-U+FDEF and the last two code points of every plane).
 */
public final class Text {
    /** Characters of input quoted back in an error at most. */
    public static final int EXCERPT = 40;
    /** Errors reported for one body at most (the rest are counted). */
    static final int MAX_CHARACTER_ERRORS = 20;
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_$-]*");

    private Text() {}

    /** The index of the first character the stores cannot carry, or -1. */
    public static int firstUnstorable(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!storable(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    static boolean storable(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return true;
        }
        if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
            return false;
        }
        if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
            return false; // a surrogate alone: a pair was combined by codePointAt
        }
        if (cp >= 0xfdd0 && cp <= 0xfdef) {
            return false;
        }
        return (cp & 0xfffe) != 0xfffe;
    }

    /** The problem with a string's characters, or null when the stores can carry it. */
    public static String characterProblem(String text) {
        int at = firstUnstorable(text);
        if (at < 0) {
            return null;
        }
        int cp = text.codePointAt(at);
        return "contains a character that cannot be stored or queued (U+" + String.format("%04X", cp)
                + " at position " + at + "); controls other than tab, CR and LF, lone surrogates and"
                + " Unicode noncharacters are not accepted";
    }

    /**
     * Every string and field name in the document whose characters the stores cannot carry, as
     * errors naming its field ({@code addons[1].addonId}); at most a bounded number.
     */
    public static void checkCharacters(JsonNode node, String path, List<FieldError> errors) {
        int[] budget = {MAX_CHARACTER_ERRORS};
        walk(node, path, errors, budget);
        if (budget[0] < 0) {
            errors.add(new FieldError(path.isEmpty() ? "$" : path, "more fields contain characters that cannot be stored"));
        }
    }

    private static void walk(JsonNode node, String path, List<FieldError> errors, int[] budget) {
        if (node.isTextual()) {
            String problem = characterProblem(node.textValue());
            if (problem != null) {
                report(path.isEmpty() ? "$" : path, problem, errors, budget);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size() && budget[0] >= 0; i++) {
                JsonNode item = node.get(i);
                if (item.isContainerNode() || (item.isTextual() && firstUnstorable(item.textValue()) >= 0)) {
                    walk(item, path + "[" + i + "]", errors, budget);
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext() && budget[0] >= 0; ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                boolean badName = firstUnstorable(field.getKey()) >= 0;
                boolean visit = value.isContainerNode() || (value.isTextual() && firstUnstorable(value.textValue()) >= 0);
                if (!badName && !visit) {
                    continue;
                }
                String child = (path.isEmpty() ? "" : path + ".") + fieldName(field.getKey());
                if (badName) {
                    report(child, "the field name " + characterProblem(field.getKey()), errors, budget);
                }
                if (visit) {
                    walk(value, child, errors, budget);
                }
            }
        }
    }

    private static void report(String field, String problem, List<FieldError> errors, int[] budget) {
        if (budget[0]-- > 0) {
            errors.add(new FieldError(field, problem));
        }
    }

    /** A field name as it may appear in an error: short, and escaped when it is not plain. */
    public static String fieldName(String name) {
        return name.length() <= EXCERPT && PLAIN_NAME.matcher(name).matches() ? name : quote(name);
    }

    /**
     * At most {@link #EXCERPT} characters of input, ASCII only: anything else, and the characters
     * that mean something in HTML, as {@code \\uXXXX}; "..." when cut.
     */
    public static String quote(String text) {
        if (text == null) {
            return "";
        }
        boolean cut = text.length() > EXCERPT;
        String head = cut ? text.substring(0, EXCERPT) : text;
        StringBuilder out = new StringBuilder(head.length() + 8);
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            if (c >= 0x20 && c < 0x7f && "<>&'\"\\`".indexOf(c) < 0) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return cut ? out.append("...").toString() : out.toString();
    }
}
