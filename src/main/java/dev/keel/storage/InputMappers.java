package dev.keel.storage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The one place Keel's Jackson mappers for input are built: JSON and YAML nested at most {@link #MAX_DEPTH}
 * levels, numbers at most {@link #MAX_NUMBER_LENGTH} digits, a key repeated in one object refused; and the
 * reason a parse failed, in words, with its position where the parser knows it.
 */
public final class InputMappers {

    /** Keel's inputs (batches, records, manifests, headers, requests) nest under ten levels; deeper is hostile. */
    public static final int MAX_DEPTH = 100;
    public static final int MAX_NUMBER_LENGTH = 100;

    private InputMappers() {
    }

    public static ObjectMapper json() {
        return Built.JSON;
    }

    public static ObjectMapper yaml() {
        return Built.YAML;
    }

    /** A JSON factory with the limits, for streaming parsers. */
    public static JsonFactory jsonFactory() {
        return JsonFactory.builder().streamReadConstraints(new Limits()).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    /** A YAML factory with the limits, for mappers that need their own YAML settings. */
    public static YAMLFactory yamlFactory() {
        LoaderOptions loader = new LoaderOptions();
        loader.setNestingDepthLimit(MAX_DEPTH);
        // SnakeYAML's default refuses documents over 3 MB; Keel's own file limits (keel.*.max-file-mb) bound size
        loader.setCodePointLimit(Integer.MAX_VALUE);
        return YAMLFactory.builder().loaderOptions(loader).streamReadConstraints(new Limits())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    /**
     * {@code subject} with why {@code e} refused the input: "{@code subject} at line L, column C: problem", or
     * "{@code subject}: problem" when the parser knows no position. {@code lineOffset} is added to the line
     * (a YAML header starts one line into its file).
     */
    public static String reason(String subject, IOException e, int lineOffset) {
        String problem = problem(e);
        JsonLocation at = e instanceof JsonProcessingException j ? j.getLocation() : null;
        if (at == null || at.getLineNr() < 1 || e instanceof StreamConstraintsException) {
            return subject + ": " + problem;
        }
        return subject + " at line " + (at.getLineNr() + lineOffset) + ", column " + at.getColumnNr() + ": " + problem;
    }

    private static String problem(IOException e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.strip().lines().findFirst().orElse("no detail");
    }

    /** Jackson's constraints, with Keel's limits and a message that says what was too deep or too long. */
    private static final class Limits extends StreamReadConstraints {
        private static final long serialVersionUID = 1L;

        Limits() {
            super(MAX_DEPTH, DEFAULT_MAX_DOC_LEN, MAX_NUMBER_LENGTH, DEFAULT_MAX_STRING_LEN, DEFAULT_MAX_NAME_LEN);
        }

        @Override
        public void validateNestingDepth(int depth) throws StreamConstraintsException {
            if (depth > MAX_DEPTH) {
                throw new StreamConstraintsException("nested deeper than " + MAX_DEPTH + " levels");
            }
        }

        @Override
        public void validateIntegerLength(int length) throws StreamConstraintsException {
            number(length);
        }

        @Override
        public void validateFPLength(int length) throws StreamConstraintsException {
            number(length);
        }

        private static void number(int length) throws StreamConstraintsException {
            if (length > MAX_NUMBER_LENGTH) {
                throw new StreamConstraintsException("a number longer than " + MAX_NUMBER_LENGTH + " digits");
            }
        }
    }

    private static final class Built {
        static final ObjectMapper JSON = new ObjectMapper(jsonFactory());
        static final ObjectMapper YAML = new ObjectMapper(yamlFactory());
    }
}
