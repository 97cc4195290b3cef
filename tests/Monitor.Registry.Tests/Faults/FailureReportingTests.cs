using System.Net;
using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Observability;
using Monitor.Registry.Tests.Support;

namespace Monitor.Registry.Tests.Faults;

/// <summary>An expected failure is reported once, by its cause: no per-attempt warnings, and an open circuit says what opened it.</summary>
public sealed class FailureReportingTests
{
    private static readonly ImageReference Reference = ImageReference.Parse("down.test/team/app:1");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Settings(int retries, int minimumThroughput) => new()
    {
        ["Registries:MaxRetries"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Registries:RetryBaseDelay"] = "00:00:00.005",
        ["Registries:CircuitBreaker:MinimumThroughput"] = minimumThroughput.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Registries:CircuitBreaker:FailureRatio"] = "0.5",
        ["Registries:CircuitBreaker:BreakDuration"] = "00:00:30",
    };

    private static StubHandler Refused() =>
        new((_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (down.test:443)"));

    [Fact]
    public async Task Retries_and_attempts_of_a_failing_registry_are_logged_at_debug_only()
    {
        await using var host = new RegistryTestHost(Settings(retries: 3, minimumThroughput: 100), Refused());

        var result = await host.Client.ResolveAsync(Reference, Cancel);

        Assert.IsType<ResolveResult.Failed>(result);
        var polly = host.Logs.Lines.Where(line => line.Split(' ', 3)[1] == "Polly:").ToList();
        Assert.NotEmpty(polly);
        Assert.All(polly, line => Assert.StartsWith("Debug ", line, StringComparison.Ordinal));
        // HttpClient's per-request lines are the host's to silence (appsettings.json); nothing of the registry client's own is louder than Debug.
        Assert.DoesNotContain(host.Logs.Lines, line => line.Split(' ', 3) is [not ("Debug" or "Trace"), var category, _]
            && !category.StartsWith("System.Net.Http.HttpClient.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_open_circuit_names_the_failure_that_opened_it()
    {
        await using var host = new RegistryTestHost(Settings(retries: 0, minimumThroughput: 2), Refused());

        var failures = new List<RegistryFailure>();
        for (var i = 0; i < 4; i++)
        {
            failures.Add(Assert.IsType<ResolveResult.Failed>(await host.Client.ResolveAsync(Reference, Cancel)).Failure);
        }

        Assert.Equal(RegistryRequestOutcome.ServerError, failures[0].Kind);
        Assert.Equal("could not reach down.test (ConnectionError: Connection refused (down.test:443))", failures[0].Cause);
        var open = failures[^1];
        Assert.Equal(RegistryRequestOutcome.CircuitOpen, open.Kind);
        Assert.Equal(
            "could not reach down.test (ConnectionError: Connection refused (down.test:443)); " +
            "down.test failed repeatedly, so requests to it are suspended for 00:00:30 (circuit open)",
            open.Cause);
        Assert.Equal($"circuit_open: HEAD manifest down.test/team/app:1: {open.Cause}", open.ToString());
    }

    [Fact]
    public async Task A_circuit_opened_by_503_answers_names_the_status()
    {
        await using var host = new RegistryTestHost(Settings(retries: 1, minimumThroughput: 2),
            new StubHandler(_ => Responses.Status(HttpStatusCode.ServiceUnavailable)));

        var failures = new List<RegistryFailure>();
        for (var i = 0; i < 3; i++)
        {
            failures.Add(Assert.IsType<ResolveResult.Failed>(await host.Client.ResolveAsync(Reference, Cancel)).Failure);
        }

        var open = failures[^1];
        Assert.Equal(RegistryRequestOutcome.CircuitOpen, open.Kind);
        Assert.StartsWith("down.test answered 503 Service Unavailable; down.test failed repeatedly", open.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registry_answering_503_is_named_with_its_status()
    {
        await using var host = new RegistryTestHost(Settings(retries: 0, minimumThroughput: 100),
            new StubHandler(_ => Responses.Status(HttpStatusCode.ServiceUnavailable)));

        var failure = Assert.IsType<ResolveResult.Failed>(await host.Client.ResolveAsync(Reference, Cancel)).Failure;

        Assert.Equal("down.test answered 503 Service Unavailable", failure.Cause);
        Assert.Equal("HEAD manifest down.test/team/app:1: down.test answered 503 Service Unavailable", failure.Reason);
    }

    [Theory]
    [InlineData("server_error: HEAD manifest gcr.io/distroless/static:nonroot: could not reach gcr.io (ConnectionError: Connection refused)",
        "could not reach gcr.io (ConnectionError: Connection refused)")]
    [InlineData("reading platforms: timeout: GET manifest quay.io/a/b@sha256:0123: quay.io did not answer in time",
        "quay.io did not answer in time")]
    [InlineData("circuit_open: HEAD manifest 127.0.0.1:5000/x:1: could not reach 127.0.0.1:5000 (ConnectionError: refused); 127.0.0.1:5000 failed repeatedly, so requests to it are suspended for 00:00:30 (circuit open)",
        "could not reach 127.0.0.1:5000 (ConnectionError: refused); 127.0.0.1:5000 failed repeatedly, so requests to it are suspended for 00:00:30 (circuit open)")]
    [InlineData("the manifest vanished between HEAD and GET", "the manifest vanished between HEAD and GET")]
    [InlineData("no answer for this tag", "no answer for this tag")]
    public void Cause_of_a_failure_text_leaves_out_the_kind_and_the_request(string text, string cause) =>
        Assert.Equal(cause, RegistryFailure.CauseOf(text));
}
