using System.ComponentModel.DataAnnotations;

namespace Monitor.Worker.Hosting;

public sealed class SchedulerOptions
{
    public const string SectionName = "Scheduler";

    /// <summary>All replicas sharing a database must use the same name: it is the cluster's identity.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,100}$")]
    public string Name { get; set; } = "monitor";

    /// <summary>How often a replica tells the others it is alive; a replica silent for longer hands its work over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 4;
}
