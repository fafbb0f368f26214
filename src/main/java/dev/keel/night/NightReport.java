package dev.keel.night;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Renders ops/logs/NIGHT_RUN.md: the latest run step by step, then the recent runs. */
final class NightReport {

    private NightReport() {
    }

    static String render(String trigger, Instant started, Instant finished, String waited, List<NightRun.StepRecord> records,
                         List<NightRunLog.Run> recent) {
        StringBuilder md = new StringBuilder("# Night run\n\nLatest run: started ").append(NightRun.time(started))
                .append(" (").append(trigger).append("), finished ").append(NightRun.time(finished)).append(".\n");
        if (waited != null) {
            md.append("Before the steps it ").append(waited).append(".\n");
        }
        md.append("\n| # | step | start | end | took | outcome | detail |\n|---|---|---|---|---|---|---|\n");
        int n = 1;
        for (NightRun.StepRecord r : records) {
            md.append("| ").append(n++).append(" | ").append(r.name()).append(" | ").append(NightRun.time(r.start())).append(" | ")
                    .append(NightRun.time(r.end())).append(" | ").append(Duration.between(r.start(), r.end()).toMillis()).append(" ms | ")
                    .append(r.outcome() == NightStep.Outcome.FAILED ? "**FAILED**" : r.outcome().name()).append(" | ")
                    .append(r.detail().replace("|", "\\|").replace("\n", " ")).append(" |\n");
        }
        md.append("\n## Recent runs\n\n| started | trigger | outcome | steps |\n|---|---|---|---|\n");
        for (NightRunLog.Run run : recent) {
            md.append("| ").append(NightRun.time(run.started())).append(" | ").append(run.trigger()).append(" | ")
                    .append(run.outcome()).append(" | ").append(run.steps()).append(" |\n");
        }
        return md.toString();
    }
}
