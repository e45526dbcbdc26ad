package io.sfstigg.core.model;

/** When a change to a subscription takes effect; Stigg's {@code ScheduleStrategy}. Default: {@link #NOW}. */
public enum ApplyAt {
    NOW("IMMEDIATE"),
    END_OF_BILLING_PERIOD("END_OF_BILLING_PERIOD"),
    END_OF_BILLING_MONTH("END_OF_BILLING_MONTH");

    private final String stiggValue;

    ApplyAt(String stiggValue) {
        this.stiggValue = stiggValue;
    }

    public String stiggValue() {
        return stiggValue;
    }
}
