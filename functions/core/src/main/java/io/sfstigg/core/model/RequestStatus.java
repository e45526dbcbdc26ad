package io.sfstigg.core.model;

public enum RequestStatus {
    QUEUED,
    IN_PROGRESS,
    RETRYING,
    SUCCEEDED,
    FAILED,
    DEAD_LETTERED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == DEAD_LETTERED;
    }
}
