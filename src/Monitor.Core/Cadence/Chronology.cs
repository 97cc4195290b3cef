namespace Monitor.Core.Cadence;

/// <summary>Puts inputs in time order, copying only when they are not already (the usual case is sorted).</summary>
internal static class Chronology
{
    public static IReadOnlyList<RevisionObservation> ByFirstSeen(IReadOnlyList<RevisionObservation> history)
    {
        for (var i = 1; i < history.Count; i++)
        {
            if (history[i].FirstSeenAt < history[i - 1].FirstSeenAt)
            {
                return [.. history.OrderBy(revision => revision.FirstSeenAt)];
            }
        }

        return history;
    }

    /// <summary>Event times can leave detection order only when registry push times disagree with it.</summary>
    public static RebuildEvent[] ByTime(RebuildEvent[] events)
    {
        for (var i = 1; i < events.Length; i++)
        {
            if (events[i].Time < events[i - 1].Time)
            {
                return [.. events.OrderBy(rebuild => rebuild.Time)];
            }
        }

        return events;
    }
}
