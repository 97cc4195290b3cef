using Monitor.Core.History;

namespace Monitor.Worker.Backfill;

/// <summary>What a back-fill of several tags did, in one line (the CLI's last line, the automatic back-fill's log line).</summary>
public sealed record BackfillSummary(int Tags, int Added, int Imported, int WithoutHistory, int Failed)
{
    public static BackfillSummary Of(IReadOnlyCollection<BackfillResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return new(results.Count, results.Sum(r => r.Added), results.Count(r => r.Outcome == BackfillOutcome.Imported),
            results.Count(r => r.Outcome is BackfillOutcome.NotSupported or BackfillOutcome.NoHistory), results.Count(r => r.Outcome == BackfillOutcome.Failed));
    }

    public override string ToString() =>
        $"{Tags} tag(s): {Added} revision(s) added from {Imported} tag history(ies), {WithoutHistory} without history, {Failed} failed";
}
