package io.sfstigg.core.model;

/** The seed's values; Stigg names them CHARGE and INVOICE. */
public enum PaymentCollectionMethod {
    PAYMENT_METHOD_ON_FILE("CHARGE"),
    INVOICE("INVOICE");

    private final String stiggValue;

    PaymentCollectionMethod(String stiggValue) {
        this.stiggValue = stiggValue;
    }

    public String stiggValue() {
        return stiggValue;
    }
}
