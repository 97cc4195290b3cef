using Monitor.Core;

namespace Monitor.Worker.Backfill;

/// <summary>The answer of <c>POST /api/tags/{reference}/backfill</c>.</summary>
/// <param name="Outcome"><c>imported</c>, <c>not-supported</c> (the registry keeps no history Monitor can read) or <c>no-history</c>.</param>
/// <param name="Source">The history read (<c>chainguard</c>, <c>quay</c>); null when none was.</param>
/// <param name="Entries">Entries in that history.</param>
/// <param name="Added">Revisions this request stored; a repeated back-fill adds none.</param>
/// <param name="Detail">The same in a sentence.</param>
public sealed record BackfillView(string Reference, string Outcome, string? Source, int Entries, int Added, string Detail)
{
    public static BackfillView From(BackfillResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Tag.Reference.Canonical, WireNames.BackfillOutcomes.Name(result.Outcome), result.Source, result.Entries, result.Added, result.Detail);
    }
}
