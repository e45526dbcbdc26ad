package io.sfstigg.local.stigg;

/** A business error as Stigg reports it: HTTP 200, {@code errors[0].extensions.code}. */
final class StiggError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    StiggError(String code, String message) {
        super(message);
        this.code = code;
    }

    String code() {
        return code;
    }
}
