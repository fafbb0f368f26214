package dev.keel.export;

import java.util.Base64;

/** An image a document shows, read from the export inbox: its bytes and media type. */
public record Image(String mediaType, byte[] bytes, int width, int height) {

    public String dataUri() {
        return "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }
}
