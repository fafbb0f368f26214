package dev.keel.router;

/** Tells the caller's sink which provider answers, once, before its first token. */
final class StartedSink implements ModelGateway.StreamSink {
    private final ModelGateway.StreamSink sink;
    private final String provider;
    private final String model;
    private final String reason;
    private boolean told;

    StartedSink(ModelGateway.StreamSink sink, String provider, String model, String reason) {
        this.sink = sink;
        this.provider = provider;
        this.model = model;
        this.reason = reason;
    }

    synchronized void ensure() {
        if (!told) {
            told = true;
            sink.started(provider, model, reason);
        }
    }

    @Override
    public void started(String provider, String model, String reason) {
        ensure();
    }

    @Override
    public synchronized void token(String text) {
        ensure();
        sink.token(text);
    }

    @Override
    public synchronized void thinking(String text) {
        ensure();
        sink.thinking(text);
    }

    @Override
    public synchronized void toolCall(int index, String id, String name, String arguments) {
        ensure();
        sink.toolCall(index, id, name, arguments);
    }
}
