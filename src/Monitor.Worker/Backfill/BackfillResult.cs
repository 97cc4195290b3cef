using Monitor.Core;
using Monitor.Core.History;
using Monitor.Data.Watches;
using Monitor.Registry.Client;

namespace Monitor.Worker.Backfill;

/// <summary>What back-filling one tag did.</summary>
/// <param name="Source">Which registry history was read (<c>chainguard</c>, <c>quay</c>); null when none was.</param>
/// <param name="Entries">Entries in that history (digests the tag pointed at, oldest first).</param>
/// <param name="Added">Revisions this run stored; entries stored before are not added again.</param>
/// <param name="Failure">Why the history could not be read, secret-free; null unless <see cref="BackfillOutcome.Failed"/>.</param>
public sealed record BackfillResult(WatchedTagRow Tag, BackfillOutcome Outcome, string? Source, int Entries, int Added, RegistryFailure? Failure)
{
    /// <summary>One sentence: <c>30 entries in chainguard's tag history, 30 added</c>.</summary>
    public string Detail => Outcome switch
    {
        BackfillOutcome.Imported => $"{Entries} {Plural(Entries, "entry", "entries")} in {Source}'s tag history, {Added} added" +
            (Added < Entries ? $" ({Entries - Added} already stored)" : ""),
        BackfillOutcome.NotSupported => $"nothing to back-fill: {Tag.Reference.Registry} keeps no tag history Monitor can read (Chainguard and Quay do)",
        BackfillOutcome.NoHistory => "nothing to back-fill: the registry has no history for this tag",
        _ => $"failed, nothing stored: {Failure?.ToString() ?? "unknown cause"}",
    };

    /// <summary>The line <c>monitor backfill</c> prints: <c>cgr.dev/chainguard/static:latest imported: 30 entries …</c>.</summary>
    public override string ToString() => $"{Tag.Reference.Canonical} {WireNames.BackfillOutcomes.Name(Outcome)}: {Detail}";

    private static string Plural(int count, string one, string many) => count == 1 ? one : many;
}
