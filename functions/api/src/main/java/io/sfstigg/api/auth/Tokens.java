package io.sfstigg.api.auth;

import io.sfstigg.core.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bearer tokens: {@code sfst_<tokenId>_<secret>}, the secret 32 random bytes. The token id
 * finds the stored hash; the secret's hash is compared in constant time.
 */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORMAT = Pattern.compile("^sfst_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$");

    private Tokens() {}

    public record Issued(String tokenId, String token, String secretHash) {}

    public record Presented(String tokenId, String secret) {}

    public static Issued issue() {
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String tokenId = HexFormat.of().formatHex(id);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Issued(tokenId, "sfst_" + tokenId + "_" + secretText, hash(secretText));
    }

    /** The parts of a bearer token, or empty when it is not one of ours. */
    public static Optional<Presented> parse(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Matcher matcher = FORMAT.matcher(token.trim());
        return matcher.matches() ? Optional.of(new Presented(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    /** Whether the text has the form of a token id (16 hex digits): nothing else is looked up. */
    public static boolean isTokenId(String text) {
        return text != null && text.matches("[0-9a-f]{16}");
    }

    public static String hash(String secret) {
        return Sha256.hex(secret);
    }

    public static boolean matches(String secret, String storedHash) {
        return MessageDigest.isEqual(
                hash(secret).getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
