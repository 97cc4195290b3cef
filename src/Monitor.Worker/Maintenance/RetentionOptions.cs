namespace Monitor.Worker.Maintenance;

/// <summary>When the retention job runs, and how long it keeps poll runs (section <c>Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Quartz cron expression (with seconds).</summary>
    public string Schedule { get; set; } = "0 30 3 * * ?";

    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan PollRuns { get; set; } = TimeSpan.FromDays(90);
}
