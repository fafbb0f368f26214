package dev.keel.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Fake API keys in each provider's real shape, made at run time so that no key-shaped string is
 * ever committed. Every one contains "FAKE" and none is valid anywhere.
 */
public final class FakeKeys {

    private FakeKeys() {
    }

    private static String chars(Random random, String alphabet, int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** Secret name → fake key, one per provider Keel talks to. */
    public static Map<String, String> all(long seed) {
        Random r = new Random(seed);
        String alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("anthropic-api-key", "sk-ant-api03-FAKE" + chars(r, alnum + "_-", 89) + "AA");
        keys.put("openrouter-api-key", "sk-or-v1-" + "fa4e" + chars(r, "0123456789abcdef", 60));
        keys.put("groq-api-key", "gsk_FAKE" + chars(r, alnum, 48));
        keys.put("moonshot-api-key", "sk-FAKE" + chars(r, alnum, 44));
        keys.put("openai-api-key", "sk-proj-FAKE" + chars(r, alnum + "_-", 60));
        return keys;
    }
}
