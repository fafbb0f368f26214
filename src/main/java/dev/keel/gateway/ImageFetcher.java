package dev.keel.gateway;

import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.UserMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Makes every image in a conversation base64 data before the call, so each provider gets the bytes
 * (Ollama takes nothing else) and Keel's size limit holds: an http(s) image is fetched with a timeout
 * and at most {@code maxBytes}; a data URL is held to the same limit. Addresses on this host or its
 * private networks are refused unless {@code allowPrivate}, so an agent cannot make Keel read them.
 */
final class ImageFetcher {

    private final HttpClient http;
    private final long maxBytes;
    private final Duration timeout;
    private final boolean allowPrivate;

    ImageFetcher(HttpClient http, long maxBytes, Duration timeout, boolean allowPrivate) {
        this.http = http;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.allowPrivate = allowPrivate;
    }

    List<ChatMessage> resolve(List<ChatMessage> messages) throws Refused {
        List<ChatMessage> out = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            if (m instanceof UserMessage u && u.contents().stream().anyMatch(c -> c instanceof ImageContent)) {
                List<Content> parts = new ArrayList<>();
                for (Content c : u.contents()) {
                    parts.add(c instanceof ImageContent image ? resolve(image) : c);
                }
                out.add(u.name() == null ? UserMessage.from(parts) : UserMessage.from(u.name(), parts));
            } else {
                out.add(m);
            }
        }
        return out;
    }

    private ImageContent resolve(ImageContent content) throws Refused {
        Image image = content.image();
        if (image.base64Data() != null) {
            if (image.base64Data().length() * 3L / 4 > maxBytes) {
                throw tooLarge("An image data URL");
            }
            return content;
        }
        URI url = image.url();
        checkHost(url);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "image/*").GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw Refused.invalid("invalid_image", "Keel could not fetch the image " + url + ": HTTP " + response.statusCode() + ".");
                }
                String type = response.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
                if (!type.startsWith("image/")) {
                    throw Refused.invalid("invalid_image", "The image " + url + " is served as '" + type + "', not an image type.");
                }
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw tooLarge("The image " + url);
                }
                return ImageContent.from(Image.builder().base64Data(Base64.getEncoder().encodeToString(bytes)).mimeType(type).build(),
                        content.detailLevel());
            }
        } catch (IOException e) {
            throw Refused.invalid("invalid_image", "Keel could not fetch the image " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(503, "server_error", "interrupted", "Keel is stopping.");
        }
    }

    private void checkHost(URI url) throws Refused {
        if (allowPrivate) {
            return;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(url.getHost())) {
                if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()) {
                    throw Refused.invalid("invalid_image", "The image " + url + " is on a local or private address, which Keel does not"
                            + " fetch (keel.gateway.image-fetch-private).");
                }
            }
        } catch (java.net.UnknownHostException e) {
            throw Refused.invalid("invalid_image", "The image host " + url.getHost() + " is unknown.");
        }
    }

    private Refused tooLarge(String what) {
        return new Refused(413, "invalid_request_error", "image_too_large", what + " is over Keel's limit of " + maxBytes / 1024
                + " KB (keel.gateway.max-image-kb).");
    }
}
