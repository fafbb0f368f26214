package dev.keel.router;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** One producer template for a bean's life, made on first use: creating one per call would build a producer cache each time. */
public final class LazyTemplate {

    private volatile ProducerTemplate template;

    public ProducerTemplate of(Exchange exchange) {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    template = exchange.getContext().createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }
}
