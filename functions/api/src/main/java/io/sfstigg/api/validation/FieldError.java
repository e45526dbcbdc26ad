package io.sfstigg.api.validation;

/** One problem with one field of a request, as reported to the caller. */
public record FieldError(String field, String message) {}
