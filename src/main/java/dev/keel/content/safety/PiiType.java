package dev.keel.content.safety;

/** The kinds of personal data the safety policy finds, in the order they claim overlapping text. */
public enum PiiType {
    EMAIL("emails", "EMAIL", "email", "emails"),
    IBAN("ibans", "IBAN", "IBAN", "IBANs"),
    CARD("cards", "CARD", "card number", "card numbers"),
    PHONE("phones", "PHONE", "phone number", "phone numbers");

    private final String key;
    private final String placeholder;
    private final String one;
    private final String many;

    PiiType(String key, String placeholder, String one, String many) {
        this.key = key;
        this.placeholder = placeholder;
        this.one = one;
        this.many = many;
    }

    /** Its switch under {@code pii:} in safety.yaml. */
    public String key() {
        return key;
    }

    String placeholder(int n) {
        return "[" + placeholder + "-" + n + "]";
    }

    /** "1 email", "2 IBANs". */
    public String count(int n) {
        return n + " " + (n == 1 ? one : many);
    }
}
