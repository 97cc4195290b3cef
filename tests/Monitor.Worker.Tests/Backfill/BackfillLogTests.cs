using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Monitor.Core.History;
using Monitor.Core.References;
using Monitor.Data.Watches;
using Monitor.Registry.Client;
using Monitor.Registry.Observability;
using Monitor.Worker.Backfill;

namespace Monitor.Worker.Tests.Backfill;

/// <summary>What an operator reads of an automatic back-fill run: one line for the run, one warning per failing registry.</summary>
public sealed class BackfillLogTests
{
    [Fact]
    public void Failures_are_one_warning_per_registry_naming_the_most_frequent_cause()
    {
        var logger = new FakeLogger();
        var refused = RegistryFailure.Of(RegistryRequestOutcome.ServerError, "GET Chainguard tag history of cgr.dev/chainguard/x:latest", "503 Service Unavailable");
        var limited = RegistryFailure.Of(RegistryRequestOutcome.RateLimited, "GET Chainguard tag history of cgr.dev/chainguard/y:latest", "429 Too Many Requests");
        BackfillResult[] results =
        [
            Result("cgr.dev", "chainguard/a", BackfillOutcome.Failed, refused),
            Result("cgr.dev", "chainguard/b", BackfillOutcome.Failed, refused),
            Result("cgr.dev", "chainguard/c", BackfillOutcome.Failed, limited),
            Result("cgr.dev", "chainguard/d", BackfillOutcome.Imported, added: 30),
            Result("quay.io", "org/app", BackfillOutcome.Failed, refused),
            Result("docker.io", "library/python", BackfillOutcome.NotSupported),
        ];

        BackfillLog.Write(logger, results, TimeSpan.FromHours(1));

        var records = logger.Collector.GetSnapshot();
        Assert.Equal(
            [
                (LogLevel.Information, "Back-fill: 6 tag(s): 30 revision(s) added from 1 tag history(ies), 1 without history, 4 failed"),
                (LogLevel.Warning, "cgr.dev: back-fill of 3 of 4 tags failed, tried again in 01:00:00: 503 Service Unavailable (and 1 other cause)"),
                (LogLevel.Warning, "quay.io: back-fill of org/app:latest failed, tried again in 01:00:00: 503 Service Unavailable"),
            ],
            records.Select(r => (r.Level, r.Message)));
        Assert.All(records, r => Assert.Null(r.Exception));
    }

    [Fact]
    public void A_run_of_registries_without_history_only_is_not_worth_an_information_line()
    {
        var logger = new FakeLogger();

        BackfillLog.Write(logger, [Result("docker.io", "library/python", BackfillOutcome.NotSupported)], TimeSpan.FromHours(1));

        Assert.Equal(LogLevel.Debug, Assert.Single(logger.Collector.GetSnapshot()).Level);
    }

    private static BackfillResult Result(string registry, string repository, BackfillOutcome outcome, RegistryFailure? failure = null, int added = 0) =>
        new(new WatchedTagRow(1, new TagReference(registry, repository, "latest"), "default", WatchSource.Api, true, PollStatus.Ok, null, 1, null, 0, null, null),
            outcome, outcome == BackfillOutcome.Imported ? "chainguard" : null, added, added, failure);
}
