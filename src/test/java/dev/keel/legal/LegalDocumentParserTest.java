package dev.keel.legal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LegalDocumentParserTest {

    static final String DOC = """
            ---
            id: nda-acme
            matter: M-17
            title: NDA with Acme — Schedule 1
            jurisdiction: DE
            version: "2"
            cites: [acme, acme-revenue, acme]
            sources: ["https://example.org/hgb"]
            ---
            # NDA

            Über die Parteien …
            """;

    private static LegalDocument parse(String text) {
        return LegalDocumentParser.parse("doc.md", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheHeaderAndHashesTheWholeFile() {
        LegalDocument doc = parse(DOC);

        assertThat(doc.id()).isEqualTo("nda-acme");
        assertThat(doc.title()).isEqualTo("NDA with Acme — Schedule 1");
        assertThat(doc.version()).isEqualTo("2");
        assertThat(doc.cites()).containsExactly("acme", "acme-revenue");
        assertThat(doc.sources()).containsExactly("https://example.org/hgb");
        assertThat(doc.contentHash()).hasSize(64).isEqualTo(dev.keel.storage.TextInput.sha256(DOC.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aHeaderWithoutCitesIsRefusedWithTheFix() {
        assertThatThrownBy(() -> parse(DOC.replace("cites: [acme, acme-revenue, acme]\n", "")))
                .hasMessageContaining("has no 'cites'").hasMessageContaining("cites: []");
    }

    @Test
    void anEmptyCitesListIsAllowed() {
        assertThat(parse(DOC.replace("[acme, acme-revenue, acme]", "[]")).cites()).isEmpty();
    }

    @Test
    void refusesMissingHeaderFieldsAndMissingHeaders() {
        assertThatThrownBy(() -> parse(DOC.replace("matter: M-17\n", ""))).hasMessage("doc.md: the YAML header has no 'matter'");
        assertThatThrownBy(() -> parse("# just markdown\n")).hasMessageContaining("has no YAML header");
        assertThatThrownBy(() -> parse("---\nid: x\n")).hasMessageContaining("not closed");
    }

    @Test
    void refusesMalformedYamlAndNonListCites() {
        assertThatThrownBy(() -> parse(DOC.replace("title: NDA", "title: [NDA"))).hasMessageContaining("malformed");
        assertThatThrownBy(() -> parse(DOC.replace("[acme, acme-revenue, acme]", "acme"))).hasMessageContaining("must be a list");
    }

    @Test
    void refusesAnIdThatLeavesTheFolder() {
        assertThatThrownBy(() -> parse(DOC.replace("id: nda-acme", "id: ../../etc/x"))).hasMessageContaining("not allowed");
    }

    @Test
    void refusesInvalidUtf8AndBinary() {
        assertThatThrownBy(() -> LegalDocumentParser.parse("doc.md", new byte[] {'-', '-', '-', '\n', (byte) 0xC3, (byte) 0x28}))
                .hasMessage("doc.md is not UTF-8 text");
        assertThatThrownBy(() -> LegalDocumentParser.parse("doc.md", new byte[] {'-', 0, 0, 1}))
                .hasMessage("doc.md is binary, not text");
    }
}
