package dev.keel.content;

import dev.keel.storage.RejectedInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One version of a prompt: {@code prompts/<name>.md} with a YAML header (version, description,
 * variables) and a body with {@code {{variable}}} markers. Rendering fails loudly on a missing
 * variable and on a marker the header does not declare.
 */
public record Prompt(String name, String version, String description, List<String> variables, String body, String sha256) {

    private static final Pattern MARKER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_\\-]*)\\s*}}");

    /** {@code name@version}, as outputs and reports name it. */
    public String ref() {
        return name + "@" + version;
    }

    /** The body with every marker replaced; a missing or undeclared variable is refused with its name. */
    public String render(Map<String, ?> values) {
        List<String> missing = new ArrayList<>();
        for (String variable : variables) {
            if (!values.containsKey(variable) || values.get(variable) == null) {
                missing.add(variable);
            }
        }
        if (!missing.isEmpty()) {
            throw new RejectedInputException("prompt " + ref() + " needs " + String.join(", ", missing) + "; the task gives "
                    + (values.isEmpty() ? "no variables" : String.join(", ", values.keySet())));
        }
        Matcher m = MARKER.matcher(body);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String variable = m.group(1);
            if (!variables.contains(variable)) {
                throw new RejectedInputException("prompt " + ref() + " uses {{" + variable + "}}, which its header does not declare");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(values.get(variable))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The markers a body uses, in order of first use. */
    static Set<String> markers(String body) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = MARKER.matcher(body);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
