using Monitor.Core.Cadence;
using Monitor.Core.History;
using Monitor.Core.Staleness;

namespace Monitor.Core;

/// <summary>
/// The one place the statuses and sources are spelled as text: the database stores these names, the API filters and
/// shows them, metrics label series with them and the report prints them. Everything else maps through here.
/// </summary>
public static class WireNames
{
    public static WireNameMap<StalenessStatus> StalenessStatuses { get; } = new(
        (StalenessStatus.Fresh, "fresh"), (StalenessStatus.Due, "due"), (StalenessStatus.Stale, "stale"), (StalenessStatus.Unknown, "unknown"), (StalenessStatus.Missing, "missing"));

    public static WireNameMap<PollStatus> PollStatuses { get; } =
        new((PollStatus.Pending, "pending"), (PollStatus.Ok, "ok"), (PollStatus.Missing, "missing"), (PollStatus.Failing, "failing"));

    public static WireNameMap<WatchSource> WatchSources { get; } =
        new((WatchSource.Config, "config"), (WatchSource.Discovered, "discovered"), (WatchSource.Api, "api"), (WatchSource.Cli, "cli"));

    public static WireNameMap<RevisionSource> RevisionSources { get; } = new((RevisionSource.Poll, "poll"), (RevisionSource.Backfill, "backfill"));

    public static WireNameMap<BackfillOutcome> BackfillOutcomes { get; } = new(
        (BackfillOutcome.Imported, "imported"), (BackfillOutcome.NotSupported, "not-supported"), (BackfillOutcome.NoHistory, "no-history"), (BackfillOutcome.Failed, "failed"));

    public static WireNameMap<AgeSource> AgeSources { get; } = new((AgeSource.Pushed, "pushed"), (AgeSource.Created, "created"), (AgeSource.FirstSeen, "first-seen"));

    /// <summary>As the API has always spelled them (the C# names).</summary>
    public static WireNameMap<EventTimeSource> EventTimeSources { get; } = new((EventTimeSource.Pushed, "Pushed"), (EventTimeSource.Detected, "Detected"));

    /// <summary>As the API has always spelled them (the C# names).</summary>
    public static WireNameMap<StaleAfterRule> StaleAfterRules { get; } = new((StaleAfterRule.MaxAge, "MaxAge"), (StaleAfterRule.MedianInterval, "MedianInterval"));

    /// <summary>The map of <typeparamref name="TEnum"/> (for generic mappers such as the EF value converter).</summary>
    /// <exception cref="ArgumentException">The enum has no wire names.</exception>
    public static WireNameMap<TEnum> For<TEnum>()
        where TEnum : struct, Enum =>
        Maps.TryGetValue(typeof(TEnum), out var map)
            ? (WireNameMap<TEnum>)map
            : throw new ArgumentException($"{typeof(TEnum).Name} has no wire names.", nameof(TEnum));

    private static readonly Dictionary<Type, object> Maps = new()
    {
        [typeof(StalenessStatus)] = StalenessStatuses,
        [typeof(PollStatus)] = PollStatuses,
        [typeof(WatchSource)] = WatchSources,
        [typeof(RevisionSource)] = RevisionSources,
        [typeof(BackfillOutcome)] = BackfillOutcomes,
        [typeof(AgeSource)] = AgeSources,
        [typeof(EventTimeSource)] = EventTimeSources,
        [typeof(StaleAfterRule)] = StaleAfterRules,
    };
}
