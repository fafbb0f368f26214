package dev.keel.router;

import dev.keel.secrets.Publisher;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** ops/configs/ROUTER.md from the configuration in use: providers, models, prices, limits, chain, target mix. */
public final class RouterReport {

    private RouterReport() {
    }

    public static void write(Path target, RouterConfig config, String source, Instant now, List<OllamaCheck.Report> local) {
        write(target, config, source, now, local, null);
    }

    /** With {@code findings}, what the providers' own model lists say of the configured models (null: not asked). */
    public static void write(Path target, RouterConfig config, String source, Instant now, List<OllamaCheck.Report> local,
                             List<ModelCatalog.Finding> findings) {
        StringBuilder md = new StringBuilder("# Model router\n\nWritten ").append(now.truncatedTo(ChronoUnit.SECONDS))
                .append(" from ").append(source).append(". Keys are secret names; values never appear here.\n\n")
                .append("## Providers\n\n| provider | type | tier | models | context | price in / out / cached / cache write (USD per M tokens)"
                        + " | local USD/h | daily budget | RPM | TPM | concurrency | key secret | enabled |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Provider p : config.providers()) {
            Price price = p.price();
            md.append("| ").append(p.name()).append(" | ").append(p.type().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .append(" | ").append(p.tier().name().toLowerCase(Locale.ROOT)).append(" | ").append(String.join(", ", p.models()))
                    .append(" | ").append(p.contextWindow()).append(" | ")
                    .append(p.local() ? "by compute time" : dev.keel.ledger.Money.usd(price.input()) + " / " + dev.keel.ledger.Money.usd(price.output())
                            + " / " + dev.keel.ledger.Money.usd(price.cachedInput()) + " / " + dev.keel.ledger.Money.usd(price.cacheWrite()))
                    .append(" | ").append(p.local() ? dev.keel.ledger.Money.usd(p.localRatePerHour()) : "")
                    .append(" | ").append(p.dailyBudgetUsd() > 0 ? dev.keel.ledger.Money.usd(p.dailyBudgetUsd()) : "none")
                    .append(" | ").append(p.rpm() > 0 ? p.rpm() : "–").append(" | ").append(p.tpm() > 0 ? p.tpm() : "–")
                    .append(" | ").append(p.maxConcurrency()).append(" | ").append(p.keySecret() == null ? "–" : p.keySecret())
                    .append(" | ").append(p.enabled() ? "yes" : "no").append(" |\n");
        }
        md.append("\n## Models\n\nWhat each model is configured to support beyond chat (providers.yaml `supports`); the router"
                + " sends a call only to a model with everything the call needs.\n\n| provider/model | tools | vision | json_schema |"
                + " reasoning | end of life |\n|---|---|---|---|---|---|\n");
        for (Provider p : config.providers()) {
            for (String m : p.models()) {
                ModelSpec spec = p.spec(m);
                md.append("| ").append(p.name()).append('/').append(m);
                for (Capability c : Capability.values()) {
                    md.append(" | ").append(spec.supports().contains(c) ? "yes" : "–");
                }
                md.append(" | ").append(spec.endOfLife() == null ? "–" : spec.endOfLife()).append(" |\n");
            }
        }
        if (findings != null) {
            md.append("\n## Provider model lists\n\n");
            if (findings.isEmpty()) {
                md.append("Every configured model is listed by its provider (or its provider could not be asked) and none is past its end of"
                        + " life.\n");
            }
            for (ModelCatalog.Finding f : findings) {
                md.append("- **").append(f.provider()).append('/').append(f.model()).append("**: ").append(f.problem()).append(".\n");
            }
        }
        md.append("\n## Policy\n\n- Target mix: ").append(config.targetMix().entrySet().stream()
                        .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " " + Math.round(e.getValue()) + " %")
                        .collect(Collectors.joining(", ")))
                .append("; work that did not ask for its tier steps down while the tier is more than ")
                .append(Math.round(config.mixTolerance())).append(" points over target.\n")
                .append("- Critical kinds: ").append(String.join(", ", config.criticalKinds().stream().sorted().toList())).append(".\n")
                .append("- Reasoning kinds: ").append(String.join(", ", config.reasoningKinds().stream().sorted().toList()))
                .append("; a prompt that does not fit the local context window also goes to the reasoning tier.\n")
                .append("- Fallback order: ").append(String.join(" → ", config.fallback())).append("; open circuits and")
                .append(" providers over their daily budget are skipped; while the host is CRITICAL local work goes elsewhere.\n");
        if (!local.isEmpty()) {
            md.append("\n## Local models (Ollama /api/tags at start-up)\n\n| provider | url | installed | configured but missing |\n")
                    .append("|---|---|---|---|\n");
            for (OllamaCheck.Report r : local) {
                md.append("| ").append(r.provider()).append(" | ").append(r.url()).append(" | ")
                        .append(r.error() != null ? "not reachable: " + r.error().replace('|', '/') : String.join(", ", r.installed()))
                        .append(" | ").append(r.error() != null ? "unknown" : r.missing().isEmpty() ? "none" : String.join(", ", r.missing()))
                        .append(" |\n");
            }
        }
        Publisher.publish(target, md.toString());
    }
}
