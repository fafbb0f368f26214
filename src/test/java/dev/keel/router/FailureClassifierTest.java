package dev.keel.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.router.FailureClassifier.Kind;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;

/** Failed attempts told apart by exception type and HTTP status, as langchain4j and resilience4j throw them. */
class FailureClassifierTest {

    @Test
    void a503WrappedAsLangchain4jsInternalServerErrorIsARateLimitWithItsStatus() {
        var failure = FailureClassifier.classify(new InternalServerException(new HttpException(503, "{\"error\":\"busy\"}")));

        assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(failure.status()).isEqualTo(503);
    }

    @Test
    void anthropicsOverloaded529IsARateLimit() {
        assertThat(FailureClassifier.classify(new HttpException(529, "{\"type\":\"error\"}")).rateLimited()).isTrue();
    }

    @Test
    void aRateLimitExceptionWithoutStatusIsARateLimit() {
        assertThat(FailureClassifier.classify(new RateLimitException("slow down")).kind()).isEqualTo(Kind.RATE_LIMITED);
    }

    @Test
    void aServerErrorOtherThan503IsAPlainFailure() {
        var failure = FailureClassifier.classify(new InternalServerException(new HttpException(500, "model runner crashed")));

        assertThat(failure.kind()).isEqualTo(Kind.FAILED);
        assertThat(failure.status()).isEqualTo(500);
    }

    @Test
    void textThatMentions429OrRateLimitDoesNotMakeARateLimit() {
        assertThat(FailureClassifier.classify(new InvalidRequestException(new HttpException(400, "429 rate limit in your prompt")))
                .kind()).isEqualTo(Kind.FAILED);
        assertThat(FailureClassifier.classify(new IllegalStateException("HTTP 503 rate limit")).kind()).isEqualTo(Kind.FAILED);
    }

    @Test
    void anOpenCircuitIsToldByItsTypeEvenWhenCamelWrapsIt() {
        CircuitBreaker circuit = CircuitBreaker.ofDefaults("kimi");
        var open = CallNotPermittedException.createCallNotPermittedException(circuit);

        var failure = FailureClassifier.classify(new CamelExecutionException("failed", null, open));

        assertThat(failure.kind()).isEqualTo(Kind.CIRCUIT_OPEN);
        assertThat(failure.description()).isEqualTo("circuit open");
    }

    @Test
    void aStreamThatBrokeAfterItsFirstTokenIsFinal() {
        var broken = new ProviderCalls.StreamBroken("kimi's stream broke after 3 parts", new HttpException(503, "gone"),
                new ProviderCalls.Reply("par", new Usage(10, 1, 0, 0, 5), "error", true));

        var failure = FailureClassifier.classify(new RuntimeException(broken));

        assertThat(failure.kind()).isEqualTo(Kind.STREAM_BROKEN);
        assertThat(failure.final_()).isTrue();
        assertThat(failure.description()).startsWith("kimi's stream broke");
    }

    @Test
    void theDescriptionNamesTheStatusAndStaysOnOneLine() {
        String description = FailureClassifier.describe(new InternalServerException(new HttpException(503, "line one\nline two")));

        assertThat(description).contains("503").doesNotContain("\n");
    }
}
