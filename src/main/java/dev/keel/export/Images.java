package dev.keel.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Finds the images a document shows: relative paths against the document's folder, never outside
 * the export inbox (symlinks included), never over the network. What is not found is a warning.
 */
final class Images {

    private static final Map<String, String> TYPES = Map.of("png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg",
            "gif", "image/gif");

    /** The outcome for one URL: the image, or why there is none. */
    record Found(Image image, String problem) {
    }

    private Images() {
    }

    static Found load(String url, Source source) {
        String raw = url == null ? "" : url.strip();
        if (raw.isEmpty()) {
            return new Found(null, "an image without a path");
        }
        if (raw.matches("(?i)^[a-z][a-z0-9+.-]*:.*")) {
            return new Found(null, "image " + raw + " is not a file in the export inbox (only relative paths are read)");
        }
        String decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        int cut = decoded.indexOf('?');
        String path = cut >= 0 ? decoded.substring(0, cut) : decoded;
        String extension = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(extension);
        if (type == null) {
            return new Found(null, "image " + raw + " is not PNG, JPEG or GIF");
        }
        try {
            Path file = InboxPaths.inside(source.root(), source.baseDir(), path);
            if (file == null || !Files.isRegularFile(file)) {
                return new Found(null, "image " + raw + " not found");
            }
            byte[] bytes = Files.readAllBytes(file);
            var picture = ImageIO.read(new ByteArrayInputStream(bytes));
            if (picture == null) {
                return new Found(null, "image " + raw + " cannot be read as " + extension.toUpperCase(Locale.ROOT));
            }
            return new Found(new Image(type, bytes, picture.getWidth(), picture.getHeight()), null);
        } catch (IllegalArgumentException e) {
            return new Found(null, "image " + raw + " " + e.getMessage());
        } catch (IOException e) {
            return new Found(null, "image " + raw + " cannot be read: " + e.getMessage());
        }
    }
}
