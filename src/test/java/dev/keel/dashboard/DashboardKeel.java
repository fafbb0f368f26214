package dev.keel.dashboard;

import dev.keel.gateway.AgentKeys;
import dev.keel.support.FakeProvider;
import dev.keel.support.Files2;
import dev.keel.support.RunningKeel;
import dev.keel.support.Wire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

/** Keel for the dashboard's tests: a fake Ollama behind one local provider, operator "ada" and agent "ci" with fresh keys. */
final class DashboardKeel implements AutoCloseable {

    final Path home;
    final FakeProvider ollama;
    final RunningKeel keel;
    final String operatorKey;
    final String agentKey;

    private DashboardKeel(Path home, FakeProvider ollama, RunningKeel keel, String operatorKey, String agentKey) {
        this.home = home;
        this.ollama = ollama;
        this.keel = keel;
        this.operatorKey = operatorKey;
        this.agentKey = agentKey;
    }

    static DashboardKeel start(String name, Map<String, String> settings) throws Exception {
        Path home = Files2.freshHome(name);
        FakeProvider ollama = FakeProvider.start().reply("/api/chat", body -> FakeProvider.Reply.of(200, Wire.ollama("local answer", 12, 7)));
        Files.writeString(home.resolve("providers.yaml"), """
                providers:
                  - {name: ollama, type: ollama, tier: local, base-url: '%s', models: [qwen], context-window: 32768, local-rate-per-hour: 0.4}
                routing:
                  target-mix: {local: 80, reasoning: 15, critical: 5}
                  mix-tolerance: 100
                  fallback: [ollama]
                """.formatted(ollama.url()));
        String operatorKey = AgentKeys.newKey();
        String agentKey = AgentKeys.newKey();
        secret(home, OperatorKeys.secretName("ada"), operatorKey);
        secret(home, AgentKeys.secretName("ci"), agentKey);
        Files.createDirectories(home.resolve("outbox/export"));
        Map<String, String> all = new HashMap<>(Map.of("keel.gateway.agents", "ci"));
        all.putAll(settings);
        return new DashboardKeel(home, ollama, RunningKeel.start(home, name, all), operatorKey, agentKey);
    }

    /** Writes a secret file (mode 600) into the home's secrets folder. */
    static Path secret(Path home, String name, String value) throws Exception {
        Path f = Files.writeString(Files.createDirectories(home.resolve("secrets")).resolve(name), value);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    @Override
    public void close() {
        keel.close();
        ollama.close();
    }
}
