package dev.keel.secrets;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback {@code %maskedMsg}: the formatted message with secrets masked, on one line: a file name or
 * request field with a newline in it cannot forge a log line of its own (CR and LF are written as \r and \n).
 */
public final class MaskedMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        String masked = SecretMasker.mask(super.convert(event));
        return masked == null ? null : masked.replace("\r", "\\r").replace("\n", "\\n");
    }
}
