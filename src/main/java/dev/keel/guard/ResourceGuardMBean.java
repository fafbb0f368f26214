package dev.keel.guard;

/** What JMX (and Hawtio through Jolokia) shows of the ResourceGuard. */
public interface ResourceGuardMBean {

    String getState();

    String getStateSince();

    String getReason();

    String getMode();

    long getTransitions();

    long getSamples();

    int getLocalInFlight();

    int getLocalLimit();

    double getCpuPercent();

    double getMemoryUsedPercent();

    double getDiskUsedPercent();
}
