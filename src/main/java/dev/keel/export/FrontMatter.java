package dev.keel.export;

import java.util.Map;

/** What a document's YAML front matter says about its export; absent keys are null. */
public record FrontMatter(String title, String subtitle, String author, String date, String template, Boolean toc, Boolean cover) {

    public static final FrontMatter NONE = new FrontMatter(null, null, null, null, null, null, null);

    static FrontMatter of(Map<String, Object> yaml) {
        return new FrontMatter(text(yaml, "title"), text(yaml, "subtitle"), text(yaml, "author"), text(yaml, "date"),
                text(yaml, "template"), flag(yaml, "toc"), flag(yaml, "cover"));
    }

    static String text(Map<String, Object> yaml, String key) {
        Object value = yaml.get(key);
        if (value instanceof Iterable<?> items) {
            StringBuilder joined = new StringBuilder();
            items.forEach(i -> joined.append(joined.length() == 0 ? "" : ", ").append(i));
            return joined.toString();
        }
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }

    static Boolean flag(Map<String, Object> yaml, String key) {
        Object value = yaml.get(key);
        return value == null ? null : Boolean.valueOf(value.toString().strip().equalsIgnoreCase("true"));
    }
}
