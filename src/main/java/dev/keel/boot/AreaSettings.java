package dev.keel.boot;

import dev.keel.alert.AlertSettings;
import dev.keel.content.ContentSettings;
import dev.keel.db.DbSettings;
import dev.keel.export.ExportSettings;
import dev.keel.gateway.GatewaySettings;
import dev.keel.guard.GuardSettings;
import dev.keel.health.HealthSettings;
import dev.keel.legal.LegalSettings;
import dev.keel.night.NightSettings;
import dev.keel.router.RouterSettings;
import dev.keel.secrets.SecretsSettings;
import dev.keel.storage.StorageLayout;
import dev.keel.web.WebhookSettings;
import java.nio.file.Path;

/**
 * Every area's typed settings, read from one {@link KeelSettings}: building this record is where
 * each keel.* value is parsed and range-checked, so the preflight catches every bad value before
 * the database opens or Camel starts, and the wiring only takes values from here.
 */
public record AreaSettings(Path home, Path routes, StorageLayout storage, DbSettings db, ServerSettings servers, HealthSettings health,
        GuardSettings guard, LegalSettings legal, ExportSettings export, NightSettings night, RouterSettings router,
        GatewaySettings gateway, SecretsSettings secrets, WebhookSettings webhooks, ContentSettings content,
        AlertSettings alerts,
        dev.keel.dashboard.DashboardSettings dashboard) {

    public static AreaSettings from(KeelSettings settings) {
        Path home = settings.home();
        if (java.nio.file.Files.exists(home) && !java.nio.file.Files.isDirectory(home)) {
            throw settings.fail("keel.home", settings.text("keel.home"), "is a file, not a folder; point keel.home (or --home) at Keel's folder");
        }
        return new AreaSettings(home, settings.folder("keel.routes"), StorageLayout.from(settings), DbSettings.from(settings),
                ServerSettings.from(settings), HealthSettings.from(settings), GuardSettings.from(settings), LegalSettings.from(settings),
                ExportSettings.from(settings), NightSettings.from(settings), RouterSettings.from(settings), GatewaySettings.from(settings),
                SecretsSettings.from(settings), WebhookSettings.from(settings), ContentSettings.from(settings),
                AlertSettings.from(settings),
                dev.keel.dashboard.DashboardSettings.from(settings));
    }
}
