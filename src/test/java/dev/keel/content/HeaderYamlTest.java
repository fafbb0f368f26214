package dev.keel.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The direct header writer against Jackson's YAML writer with ContentOutput's settings: the same text, or no answer. */
class HeaderYamlTest {

    static Map<String, Object> header() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("title", "t000000");
        h.put("date", "2026-12-01");
        h.put("batch", "bench");
        h.put("task", "t000000");
        h.put("prompt", "inline@a4dd9ae86115");
        h.put("prompt-sha256", "a4dd9ae86115c544da53deaaf1f0c8a8896921b384d0821566a8084cd6c13993");
        h.put("template", "none");
        h.put("input-sha256", "32a447a815e6ad357a8eb826bb6de0af4e1a743442fb63b3141c5e04b3f76c67");
        h.put("model", "qwen2.5:7b");
        h.put("provider", "up");
        h.put("tier", "reasoning");
        h.put("route-reason", "About 15 prompt tokens do not fit the local context window of 0.");
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("input", 42L);
        tokens.put("output", 9L);
        h.put("tokens", tokens);
        h.put("cost-usd", BigDecimal.valueOf(0.0000475).setScale(6, RoundingMode.HALF_UP));
        h.put("started", "2026-12-01T13:53:41.408713187Z");
        h.put("finished", "2026-12-01T13:53:41.689004339Z");
        h.put("duration-ms", 280L);
        h.put("sources", List.of("https://example.org/keel", "https://camel.apache.org"));
        h.put("safety", List.of());
        h.put("calls", List.of("up/m1 (reasoning): passed QA"));
        h.put("qa", "passed");
        return h;
    }

    @Test
    void aTypicalOutputHeaderIsWrittenDirectlyAndReadsAsJacksonWritesIt() {
        Map<String, Object> h = header();
        assertThat(HeaderYaml.write(h)).contains(ContentOutput.jackson(h));
        h.put("cost-usd", BigDecimal.ZERO.setScale(6, RoundingMode.HALF_UP));
        h.put("safety", List.of("redacted 1 email before the cloud call", "kept the prompt's PII on ollama, no cloud fallback"));
        h.put("escalated", "local output failed QA (too short); sent to the reasoning tier");
        assertThat(HeaderYaml.write(h)).contains(ContentOutput.jackson(h));
    }

    @Test
    void valuesItIsNotSureOfAreLeftToJackson() {
        for (Object value : new Object[] {"line one\nline two", "say \"hi\"", "back\\slash", "naïve", "yes", "No", "null", "~", "123", "1e5",
                "0x1F", "-leading dash", "trailing space ", "", "#hash", "colon at end:", "'single'", null, 1.5d, true}) {
            Map<String, Object> h = new LinkedHashMap<>(header());
            h.put("rejected", value);
            assertThat(HeaderYaml.write(h)).as("%s", value).isEmpty();
            assertThat(ContentOutput.render(h, "body")).as("%s", value).startsWith("---\n" + ContentOutput.jackson(h));
        }
    }

    @Test
    void whateverItWritesMatchesJacksonForManyGeneratedTexts() {
        String alphabet = "abcXYZ019 .:,#-_/@()=;+[]{}\"'\\!&*|>%`?\té\n";
        Random random = new Random(20);
        int plain = 0;
        int quoted = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = text.toString();
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("value", s);
            h.put("list", new ArrayList<>(List.of(s, "ok")));
            Optional<String> direct = HeaderYaml.write(h);
            if (direct.isPresent()) {
                assertThat(direct.get()).as("[%s]", s).isEqualTo(ContentOutput.jackson(h));
                if (HeaderYaml.plain(s)) {
                    plain++;
                } else {
                    quoted++;
                }
            }
        }
        assertThat(plain).as("texts written bare").isGreaterThan(500);
        assertThat(quoted).as("texts written in quotes").isGreaterThan(500);
    }
}
