package dev.keel.web;

import dev.keel.guard.IntakeControl;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;

/** The workflows that have an inbox right now: every intake route made from the inbox-intake template. */
public final class Inboxes {

    /** One inbox: its workflow and the file names it takes. */
    public record Inbox(String workflow, String accept) {
        public boolean accepts(String name) {
            return Pattern.compile(accept, Pattern.CASE_INSENSITIVE).matcher(name).matches();
        }
    }

    private final CamelContext camel;

    public Inboxes(CamelContext camel) {
        this.camel = camel;
    }

    public List<Inbox> all() {
        return camel.getRoutes().stream()
                .filter(r -> IntakeControl.GROUP.equals(r.getGroup()))
                .map(r -> ((ModelCamelContext) camel).getRouteDefinition(r.getRouteId()))
                .map(RouteDefinition::getTemplateParameters)
                .filter(p -> p != null && p.get("workflow") != null)
                .map(Inboxes::inbox)
                .sorted((a, b) -> a.workflow().compareTo(b.workflow()))
                .toList();
    }

    private static Inbox inbox(Map<String, Object> params) {
        return new Inbox(params.get("workflow").toString(), String.valueOf(params.getOrDefault("accept", ".*")));
    }

    public Optional<Inbox> find(String workflow) {
        return all().stream().filter(i -> i.workflow().equals(workflow)).findFirst();
    }

    public List<String> names() {
        return all().stream().map(Inbox::workflow).toList();
    }
}
