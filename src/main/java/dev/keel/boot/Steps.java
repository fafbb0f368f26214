package dev.keel.boot;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The steps of the hot call path (routes/model-gateway and agent-gateway) bound as Camel Processors named
 * {@code <bean>.<method>}, which those routes run with {@code process: {ref: ...}}. A {@code bean:} step that
 * names a method binds the method's parameters and calls it by reflection on every exchange: 8 % of a gateway
 * call's route CPU in the #20 profile. These call the same methods directly; the step ids, and so what JMX and
 * Hawtio show per step, stay the same.
 */
final class Steps {

    /** A step that answers with the exchange's new body. */
    @FunctionalInterface
    interface Answering {
        Object apply(Exchange exchange) throws Exception;
    }

    private Steps() {
    }

    /** Binds each of {@code steps} as {@code <bean>.<name>}. */
    static void bind(CamelContext camel, String bean, Map<String, Processor> steps) {
        steps.forEach((name, step) -> camel.getRegistry().bind(bean + "." + name, Processor.class, step));
    }

    /** The step's answer becomes the body, as a bean step's return value does. */
    static Processor answering(Answering step) {
        return exchange -> exchange.getMessage().setBody(step.apply(exchange));
    }
}
