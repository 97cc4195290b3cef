namespace Monitor.Core.Cadence;

/// <summary>
/// A tag's cadence with the detail a single tag's view shows: the <see cref="CadenceBasis"/> every number is read
/// from, the rebuild events, and the weekly and monthly buckets up to the moment it was computed for.
/// </summary>
/// <param name="Events">Rebuild events, oldest first.</param>
/// <param name="Weekly">Every ISO week from the start of the history to now, zeros included.</param>
/// <param name="Monthly">Every calendar month from the start of the history to now, zeros included.</param>
public sealed record CadenceSummary(
    CadenceBasis Basis,
    IReadOnlyList<RebuildEvent> Events,
    IReadOnlyList<IsoWeekBucket> Weekly,
    IReadOnlyList<MonthBucket> Monthly)
{
    public static CadenceSummary Empty { get; } = new(CadenceBasis.Empty, [], [], []);
}
