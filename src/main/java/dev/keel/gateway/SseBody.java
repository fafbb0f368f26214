package dev.keel.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A streamed response body: server-sent events are queued as they are produced and read by the HTTP
 * server as they arrive, so every event goes out as its own chunk. Once the client has gone (the
 * server closed the stream) further events are dropped.
 */
final class SseBody extends InputStream {

    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> events = new LinkedBlockingQueue<>();
    private byte[] current;
    private int position;
    private volatile boolean closed;
    private boolean ended;

    /** Queues {@code data: <payload>} and a blank line. */
    void send(String payload) {
        if (!closed) {
            events.add(("data: " + payload + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Queues {@code event: <name>}, {@code data: <payload>} and a blank line (Anthropic names its events). */
    void send(String event, String payload) {
        if (!closed) {
            events.add(("event: " + event + "\ndata: " + payload + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    void end() {
        events.add(END);
    }

    boolean closed() {
        return closed;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (ended) {
            return -1;
        }
        if (current == null || position == current.length) {
            try {
                current = events.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the next event", e);
            }
            position = 0;
            if (current == END) {
                ended = true;
                return -1;
            }
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.length - position;
    }

    @Override
    public void close() {
        closed = true;
        events.add(END);
    }
}
