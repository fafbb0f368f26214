package dev.keel.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.boot.ConfigException;
import dev.keel.boot.KeelSettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a node is clustered: PostgreSQL makes it so by default, H2 never. */
class ClusterSettingsTest {

    static ClusterSettings with(String url, String enabled) {
        Map<String, String> values = new HashMap<>(Map.of("keel.db.url", url, "keel.cluster.enabled", enabled, "keel.node.id", "",
                "keel.cluster.heartbeat", "10s", "keel.cluster.stale-after", "30s", "keel.cluster.lease", "10m"));
        return ClusterSettings.from(KeelSettings.of(values));
    }

    @Test
    void autoIsClusteredOnPostgresqlAndSingleOnH2() {
        assertThat(with("jdbc:postgresql://db/keel", "auto").clustered()).isTrue();
        assertThat(with("jdbc:h2:file:./data/keel", "auto").clustered()).isFalse();
    }

    @Test
    void falseKeepsOneNodeEvenOnPostgresql() {
        assertThat(with("jdbc:postgresql://db/keel", "false").clustered()).isFalse();
    }

    @Test
    void clusteringOnH2IsRefusedWithTheReason() {
        assertThatThrownBy(() -> with("jdbc:h2:file:./data/keel", "true")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("keel.cluster.enabled").hasMessageContaining("needs keel.db.url on PostgreSQL");
    }

    @Test
    void anEmptyNodeIdIsThisProcesssGeneratedOne() {
        assertThat(with("jdbc:postgresql://db/keel", "auto").node()).isEqualTo(NodeId.process());
    }
}
