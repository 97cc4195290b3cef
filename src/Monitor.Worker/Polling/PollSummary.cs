namespace Monitor.Worker.Polling;

public sealed record PollSummary(
    string WatchGroup,
    string Node,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    int Checked,
    int Unchanged,
    int Changes,
    int Baselines,
    int Missing,
    int Failed)
{
    /// <summary>Every tag of a non-empty group failed: nothing was learned.</summary>
    public bool AllFailed => Checked > 0 && Failed == Checked;

    public override string ToString() =>
        $"group {WatchGroup}: {Checked} checked, {Changes} changed ({Baselines} baseline), {Unchanged} unchanged, " +
        $"{Missing} missing, {Failed} failed in {Duration.TotalSeconds:0.00} s on {Node}";
}
