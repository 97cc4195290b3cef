using System.ComponentModel.DataAnnotations;

namespace Monitor.Worker.Maintenance;

/// <summary>How long poll runs are kept, and when the retention job runs (section <c>Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan PollRuns { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Quartz cron expression (with seconds).</summary>
    public string Schedule { get; set; } = "0 30 3 * * ?";
}
