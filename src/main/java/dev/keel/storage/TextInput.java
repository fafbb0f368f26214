package dev.keel.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading an inbox file as text: strict UTF-8, and YAML mappings (headers, manifests) with their error position. */
public final class TextInput {

    private static final ObjectMapper YAML = InputMappers.yaml();

    private TextInput() {
    }

    /** Strict UTF-8: a file with invalid bytes or NULs is refused, not read with replacement characters. */
    public static String utf8(String name, byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            if (text.indexOf('\u0000') >= 0) {
                throw new RejectedInputException(name + " is binary, not text");
            }
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new RejectedInputException(name + " is not UTF-8 text");
        }
    }

    /**
     * The same check as {@link #utf8} on a stream, without holding it: invalid UTF-8 or a NUL refuses it;
     * a stream of nothing but white space (and a byte-order mark) is refused as empty with {@code empty}.
     */
    public static void checkUtf8(String name, InputStream in, String empty) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
        CharBuffer chars = CharBuffer.allocate(64 * 1024);
        boolean text = false;
        boolean end = false;
        while (!end) {
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            end = n < 0;
            bytes.position(bytes.position() + Math.max(n, 0));
            bytes.flip();
            CoderResult result = decoder.decode(bytes, chars, end);
            if (end && !result.isError()) {
                result = decoder.flush(chars);
            }
            if (result.isError()) {
                throw new RejectedInputException(name + " is not UTF-8 text");
            }
            chars.flip();
            while (chars.hasRemaining()) {
                char c = chars.get();
                if (c == '\u0000') {
                    throw new RejectedInputException(name + " is binary, not text");
                }
                text |= !Character.isWhitespace(c) && c != '\uFEFF';
            }
            chars.clear();
            bytes.compact();
        }
        if (!text) {
            throw new RejectedInputException(empty);
        }
    }

    /** A Markdown file split at its YAML header: the header's keys and values, and the text after it. */
    public record FrontMatter(Map<String, Object> header, String body) {
    }

    /**
     * The YAML header between a first line {@code ---} and the next {@code ---} line, parsed; empty when
     * the text does not open with {@code ---}; refused when the header is not closed or not a mapping.
     */
    public static Optional<FrontMatter> frontMatter(String name, String text) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).strip().equals("---")) {
            return Optional.empty();
        }
        for (int end = 1; end < lines.size(); end++) {
            if (lines.get(end).strip().equals("---")) {
                Map<String, Object> header = yamlMapping(name, "the YAML header", String.join("\n", lines.subList(1, end)));
                return Optional.of(new FrontMatter(header, String.join("\n", lines.subList(end + 1, lines.size()))));
            }
        }
        throw new RejectedInputException(name + ": the YAML header is not closed by a '---' line");
    }

    /** SHA-256 of {@code bytes}, in hex: content hashes Keel records and compares. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code yaml} as a mapping of keys to values; {@code what} names it in the reason ("the YAML header"). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> yamlMapping(String name, String what, String yaml) {
        try {
            Object parsed = YAML.readValue(yaml.isBlank() ? "{}" : yaml, Object.class);
            if (!(parsed instanceof Map)) {
                throw new RejectedInputException(name + ": " + what + " is not a mapping of keys to values");
            }
            return (Map<String, Object>) parsed;
        } catch (JsonProcessingException e) {
            throw new RejectedInputException(InputMappers.reason(name + ": " + what + " is malformed", e, 1));
        }
    }
}
