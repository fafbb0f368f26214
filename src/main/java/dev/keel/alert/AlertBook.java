package dev.keel.alert;

import java.util.List;

/**
 * What the rest of Keel (the dashboard, MCP, reports) reads of alerts and the one change operators may make:
 * acknowledge. Rules, evaluation and delivery live behind it.
 */
public interface AlertBook {

    /** Alerts that hold now, newest first. */
    List<Alert> open();

    /** Open and resolved alerts, newest first, at most {@code limit}. */
    List<Alert> recent(int limit);

    /**
     * Marks an open alert seen by {@code operator}: repeats stop, the resolve message is still sent.
     *
     * @return false when no open alert has that id
     */
    boolean acknowledge(String id, String operator);
}
