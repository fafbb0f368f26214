package dev.keel.gateway;

/** A request the gateway cannot serve, with the HTTP status and OpenAI's error type and code. */
final class Refused extends Exception {
    final int status;
    final String type;
    final String code;

    Refused(int status, String type, String code, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
    }

    static Refused invalid(String code, String message) {
        return new Refused(400, "invalid_request_error", code, message);
    }
}
