package dev.keel.ledger;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered ids (UUID version 7, RFC 9562: 48 bits of Unix milliseconds, then random bits) for
 * ledger rows and answer ids. The ledger's primary key is an index: random UUIDs land on random pages,
 * so each commit rewrites as many B-tree pages as it has rows; ids that grow with time append near
 * the right edge. They name a call, they are not secrets, so ThreadLocalRandom (no SecureRandom lock
 * per call) is enough.
 */
public final class CallIds {

    private CallIds() {
    }

    public static UUID next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = System.currentTimeMillis() & 0xFFFF_FFFF_FFFFL;
        long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }

    /** 32 hex digits, no dashes (the shape OpenAI's and Anthropic's ids carry after their prefix). */
    public static String hex() {
        UUID id = next();
        char[] out = new char[32];
        digits(out, 0, id.getMostSignificantBits());
        digits(out, 16, id.getLeastSignificantBits());
        return new String(out);
    }

    private static void digits(char[] out, int at, long bits) {
        for (int i = 15; i >= 0; i--, bits >>>= 4) {
            out[at + i] = Character.forDigit((int) (bits & 0xF), 16);
        }
    }
}
