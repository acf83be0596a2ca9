package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.NameLookupException;
import dev.icmpj.socket.SocketPermissionException;
import java.net.UnknownHostException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FailureReporterTest {

    @Test
    void unwrapped_executionAndCompletionLayers_theCauseInside() {
        IllegalStateException cause = new IllegalStateException("the cause");
        ExecutionException layered = new ExecutionException(new CompletionException(new CompletionException(cause)));
        CancellationException cancelled = new CancellationException();

        assertThat(FailureReporter.unwrapped(layered)).isSameAs(cause);
        assertThat(FailureReporter.unwrapped(new CompletionException(null))).isInstanceOf(CompletionException.class);
        assertThat(FailureReporter.unwrapped(cancelled)).isSameAs(cancelled);
        assertThat(FailureReporter.unwrapped(cause)).isSameAs(cause);
    }

    @Test
    void describe_unknownHostUsesTheResolversWords() {
        NameLookupException e = new NameLookupException(
                "nope.invalid",
                "cannot resolve nope.invalid (ANY): unknown host",
                new UnknownHostException("nope.invalid: Name or service not known"));

        assertThat(FailureReporter.describe(e)).isEqualTo("cannot resolve nope.invalid: Name or service not known");
    }

    @Test
    void describe_unknownHostWithoutReason() {
        NameLookupException e =
                new NameLookupException("nope.invalid", "whatever", new UnknownHostException("nope.invalid"));

        assertThat(FailureReporter.describe(e)).isEqualTo("cannot resolve nope.invalid: unknown host");
    }

    @Test
    void describe_libraryAndValidationErrorsKeepTheirMessage() {
        assertThat(FailureReporter.describe(new NameLookupException("::1", "::1 has no IPv4 address", null)))
                .isEqualTo("::1 has no IPv4 address");
        assertThat(FailureReporter.describe(new SocketPermissionException("cannot open a raw socket: run as root", 1)))
                .isEqualTo("cannot open a raw socket: run as root");
        assertThat(FailureReporter.describe(new IllegalArgumentException("-t: ttl is 0; it must be between 1 and 255")))
                .isEqualTo("-t: ttl is 0; it must be between 1 and 255");
    }

    @Test
    void describe_anythingElseIsAnInternalError() {
        assertThat(FailureReporter.describe(new IllegalStateException("boom")))
                .isEqualTo(
                        "internal error: java.lang.IllegalStateException: boom (rerun with --debug for the stack trace)");
    }
}
