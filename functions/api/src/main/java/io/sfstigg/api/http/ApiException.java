package io.sfstigg.api.http;

import io.sfstigg.api.validation.FieldError;
import java.util.List;
import java.util.Map;

/** An answer other than success, as RFC 9457 problem details; thrown by handlers, rendered in one place. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    public ApiException(int status, String type, String title, String detail, List<FieldError> errors,
            Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public ApiException(int status, String type, String title, String detail) {
        this(status, type, title, detail, List.of(), Map.of());
    }

    public static ApiException invalid(List<FieldError> errors) {
        return new ApiException(400, "invalid-request", "The request is invalid",
                errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message()
                        : errors.size() + " fields are invalid; see errors",
                errors, Map.of());
    }

    public static ApiException unprocessable(String type, String title, String detail, List<FieldError> errors) {
        return new ApiException(422, type, title, detail, errors, Map.of());
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not-found", "Not found", what);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", "Missing or invalid bearer token", detail, List.of(),
                Map.of("WWW-Authenticate", "Bearer"));
    }

    public static ApiException forbidden(String type, String detail) {
        return new ApiException(403, type, "Forbidden", detail);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
