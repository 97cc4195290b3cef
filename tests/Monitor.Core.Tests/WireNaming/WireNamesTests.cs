using Monitor.Core.Cadence;
using Monitor.Core.History;
using Monitor.Core.Staleness;

namespace Monitor.Core.Tests.WireNaming;

/// <summary>The one spelling of every status and source outside the process, both ways.</summary>
public sealed class WireNamesTests
{
    [Fact]
    public void Staleness_statuses_are_spelled_as_the_api_and_metrics_have_always_shown_them()
    {
        Assert.Equal(["fresh", "due", "stale", "unknown", "missing"], WireNames.StalenessStatuses.Names);
        Assert.Equal("missing", WireNames.StalenessStatuses.Name(StalenessStatus.Missing));
    }

    [Fact]
    public void Poll_statuses_watch_sources_and_revision_sources_are_the_stored_column_values()
    {
        Assert.Equal(["pending", "ok", "missing", "failing"], WireNames.PollStatuses.Names);
        Assert.Equal(["config", "discovered", "api", "cli"], WireNames.WatchSources.Names);
        Assert.Equal(["poll", "backfill"], WireNames.RevisionSources.Names);
    }

    [Fact]
    public void Backfill_outcomes_are_lowercase_with_a_dash()
    {
        Assert.Equal(["imported", "not-supported", "no-history", "failed"], WireNames.BackfillOutcomes.Names);
        Assert.Equal(BackfillOutcome.NotSupported, WireNames.BackfillOutcomes.Parse("not-supported"));
    }

    [Fact]
    public void Age_sources_are_lowercase_with_a_dash()
    {
        Assert.Equal(["pushed", "created", "first-seen"], WireNames.AgeSources.Names);
        Assert.Equal(AgeSource.FirstSeen, WireNames.AgeSources.Parse("first-seen"));
    }

    [Fact]
    public void Event_time_sources_and_stale_after_rules_keep_the_names_the_api_shows()
    {
        Assert.Equal(["Pushed", "Detected"], WireNames.EventTimeSources.Names);
        Assert.Equal(["MaxAge", "MedianInterval"], WireNames.StaleAfterRules.Names);
    }

    [Fact]
    public void Every_value_of_every_enum_round_trips() =>
        Assert.All(new Action[]
        {
            RoundTrips<StalenessStatus>, RoundTrips<PollStatus>, RoundTrips<WatchSource>, RoundTrips<RevisionSource>,
            RoundTrips<BackfillOutcome>, RoundTrips<AgeSource>, RoundTrips<EventTimeSource>, RoundTrips<StaleAfterRule>,
        }, check => check());

    [Theory]
    [InlineData("")]
    [InlineData("OK")]
    [InlineData("Ok")]
    [InlineData(" ok")]
    [InlineData("ok ")]
    [InlineData("firstseen")]
    [InlineData("healthy")]
    public void Unknown_names_are_rejected_exactly(string text)
    {
        Assert.False(WireNames.PollStatuses.TryParse(text, out _));
        Assert.False(WireNames.AgeSources.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => WireNames.PollStatuses.Parse(text));
        Assert.Contains("pending, ok, missing, failing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_name_is_no_value()
    {
        Assert.False(WireNames.StalenessStatuses.TryParse(null, out var status));
        Assert.Equal(default, status);
    }

    [Fact]
    public void A_value_outside_the_enum_has_no_name() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WireNames.StalenessStatuses.Name((StalenessStatus)99));

    [Fact]
    public void Generic_callers_get_the_same_map()
    {
        Assert.Same(WireNames.PollStatuses, WireNames.For<PollStatus>());
        Assert.Same(WireNames.WatchSources, WireNames.For<WatchSource>());
        Assert.Throws<ArgumentException>(() => WireNames.For<DayOfWeek>());
    }

    private static void RoundTrips<TEnum>()
        where TEnum : struct, Enum
    {
        var map = WireNames.For<TEnum>();
        var values = Enum.GetValues<TEnum>();
        Assert.Equal(values.Length, map.Names.Count);
        Assert.Equal(values.Length, map.Names.Distinct(StringComparer.Ordinal).Count());
        foreach (var value in values)
        {
            var name = map.Name(value);
            Assert.Equal(value, map.Parse(name));
            Assert.True(map.TryParse(name, out var parsed));
            Assert.Equal(value, parsed);
            Assert.Equal(name, map.Names[Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)]);
        }
    }
}
